using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Grassroots.Search.Lucene.Controllers;

/// <summary>
/// Reads a <see cref="SearchRequest"/> from a query string (GET /api/search, /admin/search) or a JSON body
/// (POST /api/search). Mistakes are collected as (field, Chinese message); the request keeps what could be read.
/// </summary>
public static class SearchRequestReader
{
    public const int MaxPageSize = 100;

    public static (SearchRequest Request, List<KeyValuePair<string, string>> Errors) FromQuery(IQueryCollection query)
    {
        var errors = new List<KeyValuePair<string, string>>();
        var request = new SearchRequest
        {
            Text = TextValues.TrimToNull(query["q"]),
            Types = Many(query["type"]),
            OrgUnit = TextValues.TrimToNull(query["orgUnit"]),
            Statuses = Many(query["status"]),
            From = Date(query["from"], "from", "开始日期", errors),
            To = Date(query["to"], "to", "结束日期", errors),
            Sort = Sort(query["sort"], "sort", errors),
            Page = Int(query["page"], "page", "页码", 1, errors) ?? 1,
            PageSize = Int(query["pageSize"], "pageSize", "每页条数", 20, errors) ?? 20,
        };
        Check(request, "pageSize", errors);
        return (request, errors);
    }

    public static (SearchRequest Request, List<KeyValuePair<string, string>> Errors) FromJson(JsonObject body)
    {
        var errors = new List<KeyValuePair<string, string>>();
        var request = new SearchRequest();
        foreach (var (key, value) in body)
        {
            switch (key)
            {
                case "query":
                    if (value is JsonObject q)
                    {
                        request.Query = q;
                    }
                    else if (value is not null)
                    {
                        errors.Add(new("$.query", "query 必须是查询条件对象，例如 {\"match\": {\"content\": \"自来水\"}}"));
                    }

                    break;
                case "q":
                    request.Text = Text(value, "q", errors).TrimToNull();
                    break;
                case "type":
                    request.Types = TextList(value, "type", errors);
                    break;
                case "status":
                    request.Statuses = TextList(value, "status", errors);
                    break;
                case "orgUnit":
                    request.OrgUnit = Text(value, "orgUnit", errors).TrimToNull();
                    break;
                case "from":
                    request.From = Date(Text(value, "from", errors), "from", "开始日期", errors);
                    break;
                case "to":
                    request.To = Date(Text(value, "to", errors), "to", "结束日期", errors);
                    break;
                case "sort":
                    request.Sort = Sort(Text(value, "sort", errors), "sort", errors);
                    break;
                case "page":
                    request.Page = Int(Text(value, "page", errors), "page", "页码", 1, errors) ?? 1;
                    break;
                case "size" or "pageSize":
                    request.PageSize = Int(Text(value, key, errors), key, "每页条数", 20, errors) ?? 20;
                    break;
                default:
                    errors.Add(new(key, $"不认识的参数“{key}”；可用：query、q、type、status、orgUnit、from、to、sort、page、size"));
                    break;
            }
        }

        Check(request, body.ContainsKey("pageSize") ? "pageSize" : "size", errors);
        return (request, errors);
    }

    private static void Check(SearchRequest request, string sizeKey, List<KeyValuePair<string, string>> errors)
    {
        if (request.PageSize is < 1 or > MaxPageSize)
        {
            errors.Add(new(sizeKey, $"每页条数必须在 1 到 {MaxPageSize} 之间"));
            request.PageSize = Math.Clamp(request.PageSize, 1, MaxPageSize);
        }

        if (request.Page < 1)
        {
            errors.Add(new("page", "页码必须从 1 开始"));
            request.Page = 1;
        }

        if (request.From is { } from && request.To is { } to && from > to)
        {
            errors.Add(new("to", "结束日期不能早于开始日期"));
        }
    }

    private static List<string> Many(Microsoft.Extensions.Primitives.StringValues values)
        => values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();

    private static string? Text(JsonNode? node, string key, List<KeyValuePair<string, string>> errors)
    {
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number)
        {
            return v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();
        }

        errors.Add(new(key, $"参数“{key}”应为文字"));
        return null;
    }

    private static List<string> TextList(JsonNode? node, string key, List<KeyValuePair<string, string>> errors)
    {
        if (node is JsonArray array)
        {
            var list = new List<string>();
            for (var i = 0; i < array.Count; i++)
            {
                if (Text(array[i], $"{key}[{i}]", errors).TrimToNull() is { } text)
                {
                    list.Add(text);
                }
            }

            return list;
        }

        return Text(node, key, errors).TrimToNull() is { } one ? [one] : [];
    }

    private static DateOnly? Date(string? text, string key, string label, List<KeyValuePair<string, string>> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(new(key, $"{label}格式不对，应为 yyyy-MM-dd，例如 2026-11-01"));
        return null;
    }

    private static SearchSort Sort(string? text, string key, List<KeyValuePair<string, string>> errors)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "relevance" or "score":
                return SearchSort.Relevance;
            case "newest" or "modified":
                return SearchSort.Newest;
            case "deadline":
                return SearchSort.Deadline;
            default:
                errors.Add(new(key, "排序只能是 relevance（相关度）、newest（最新）或 deadline（期限）"));
                return SearchSort.Relevance;
        }
    }

    private static int? Int(string? text, string key, string label, int fallback, List<KeyValuePair<string, string>> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(new(key, $"{label}应为整数"));
        return null;
    }

    /// <summary>The query-string name of a sort order.</summary>
    public static string SortName(SearchSort sort) => sort switch
    {
        SearchSort.Newest => "newest",
        SearchSort.Deadline => "deadline",
        _ => "relevance",
    };
}
