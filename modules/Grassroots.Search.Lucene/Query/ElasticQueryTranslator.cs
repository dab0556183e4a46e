using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.Localization;
using Grassroots.Search.Lucene.Services;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Grassroots.Search.Lucene.QueryTranslation;

/// <summary>
/// Translates the Elasticsearch-style subset into Lucene: <c>bool</c> (must, should + minimum_should_match, must_not,
/// filter), <c>match</c>, <c>match_phrase</c>, <c>term</c>, <c>terms</c>, <c>range</c> (gte/gt/lte/lt on dates as
/// yyyy-MM-dd China Standard Time or ISO date-times, and numbers), <c>prefix</c>, <c>wildcard</c> and
/// <c>match_all</c>. Field names are the public names of the <see cref="SearchFieldMap"/>; the index's own names
/// (<c>f.Part.Field</c>, <c>k.Part.Field</c>) are accepted too. Every mistake is a <see cref="SearchQueryException"/>
/// with a Chinese message and the JSON path (e.g. <c>$.query.bool.must[1]</c>).
/// </summary>
public sealed class ElasticQueryTranslator : IElasticQueryTranslator
{
    /// <summary>Path of the query object in the request body.</summary>
    public const string RootPath = "$.query";

    private const int MaxDepth = 20;

    public Query Translate(JsonObject query, SearchFieldMap fields, Analyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new Context(fields, analyzer).Clause(query, RootPath, 0);
    }

    private sealed class Context(SearchFieldMap fields, Analyzer analyzer)
    {
        private readonly QueryBuilder _builder = new(analyzer);

        public Query Clause(JsonNode? node, string path, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new SearchQueryException($"查询嵌套过深（最多 {MaxDepth} 层）", path);
            }

            if (node is not JsonObject obj || obj.Count != 1)
            {
                throw new SearchQueryException("每个查询条件必须是只含一个键的对象，例如 {\"match\": {\"content\": \"自来水\"}}", path);
            }

            var (name, body) = obj.First();
            var inner = $"{path}.{name}";
            return name switch
            {
                "bool" => Bool(body, inner, depth),
                "match" => Match(body, inner, phrase: false),
                "match_phrase" => Match(body, inner, phrase: true),
                "term" => Term(body, inner),
                "terms" => Terms(body, inner),
                "range" => Range(body, inner),
                "prefix" => Prefix(body, inner),
                "wildcard" => Wildcard(body, inner),
                "match_all" => body is JsonObject ? new MatchAllDocsQuery() : throw new SearchQueryException("match_all 的值必须是对象 {}", inner),
                _ => throw new SearchQueryException(
                    $"不支持的查询条件“{name}”；可用：bool、match、match_phrase、term、terms、range、prefix、wildcard、match_all", inner),
            };
        }

        private BooleanQuery Bool(JsonNode? body, string path, int depth)
        {
            if (body is not JsonObject obj)
            {
                throw new SearchQueryException("bool 的值必须是对象", path);
            }

            var result = new BooleanQuery();
            var positive = 0;
            var shoulds = 0;
            int? minimumShouldMatch = null;
            foreach (var (key, value) in obj)
            {
                var keyPath = $"{path}.{key}";
                switch (key)
                {
                    case "must":
                        positive += AddAll(result, value, keyPath, Occur.MUST, depth, score: true);
                        break;
                    case "filter":
                        positive += AddAll(result, value, keyPath, Occur.MUST, depth, score: false);
                        break;
                    case "should":
                        shoulds += AddAll(result, value, keyPath, Occur.SHOULD, depth, score: true);
                        break;
                    case "must_not":
                        AddAll(result, value, keyPath, Occur.MUST_NOT, depth, score: false);
                        break;
                    case "minimum_should_match":
                        minimumShouldMatch = Integer(value, keyPath);
                        break;
                    case "boost":
                        result.Boost = Number(value, keyPath) is var b && b > 0 ? (float)b
                            : throw new SearchQueryException("boost 必须大于 0", keyPath);
                        break;
                    default:
                        throw new SearchQueryException($"bool 不支持“{key}”；可用：must、should、must_not、filter、minimum_should_match", keyPath);
                }
            }

            if (minimumShouldMatch is { } min)
            {
                if (min < 0 || min > shoulds)
                {
                    throw new SearchQueryException($"minimum_should_match 必须在 0 到 should 条件数（{shoulds}）之间", $"{path}.minimum_should_match");
                }

                result.MinimumNumberShouldMatch = min;
            }
            else if (shoulds > 0 && positive == 0)
            {
                // As in Elasticsearch: without must/filter, at least one should clause has to match.
                result.MinimumNumberShouldMatch = 1;
            }

            if (positive == 0 && shoulds == 0)
            {
                // Only must_not (or nothing): everything except the excluded.
                result.Add(new MatchAllDocsQuery(), Occur.MUST);
            }

            return result;
        }

        private int AddAll(BooleanQuery target, JsonNode? value, string path, Occur occur, int depth, bool score)
        {
            var items = value switch
            {
                JsonArray array => array.Select((n, i) => (Node: n, Path: $"{path}[{i}]")).ToList(),
                JsonObject => [(value, path)],
                _ => throw new SearchQueryException("必须是查询条件对象或其数组", path),
            };
            foreach (var (node, itemPath) in items)
            {
                var clause = Clause(node, itemPath, depth + 1);
                target.Add(score ? clause : new ConstantScoreQuery(clause) { Boost = 0f }, occur);
            }

            return items.Count;
        }

        private Query Match(JsonNode? body, string path, bool phrase)
        {
            var (name, value, fieldPath) = Single(body, path);
            var (field, kind) = Resolve(name, fieldPath);
            string text;
            var occur = Occur.SHOULD;
            if (value is JsonObject options)
            {
                text = options["query"] is JsonValue q ? Scalar(q, $"{fieldPath}.query") : throw new SearchQueryException("缺少 query", fieldPath);
                foreach (var (key, option) in options)
                {
                    switch (key)
                    {
                        case "query":
                            break;
                        case "operator" when !phrase:
                            occur = (option as JsonValue)?.ToString().ToLowerInvariant() switch
                            {
                                "and" => Occur.MUST,
                                "or" => Occur.SHOULD,
                                _ => throw new SearchQueryException("operator 只能是 and 或 or", $"{fieldPath}.operator"),
                            };
                            break;
                        default:
                            throw new SearchQueryException($"不支持的选项“{key}”", $"{fieldPath}.{key}");
                    }
                }
            }
            else
            {
                text = Scalar(value, fieldPath);
            }

            if (kind != SearchFieldKind.Text)
            {
                // Keyword and numeric fields are not analysed: the whole value is one term.
                return kind == SearchFieldKind.Keyword
                    ? new TermQuery(new Term(field, text))
                    : throw new SearchQueryException($"字段“{name}”是日期，请用 range 查询", fieldPath);
            }

            var query = phrase ? _builder.CreatePhraseQuery(field, text) : _builder.CreateBooleanQuery(field, text, occur);

            // Nothing left after analysis (only punctuation or stop words): matches nothing, like Elasticsearch.
            return query ?? new BooleanQuery();
        }

        private TermQuery Term(JsonNode? body, string path)
        {
            var (name, value, fieldPath) = Single(body, path);
            var (field, kind) = Resolve(name, fieldPath);
            NotDate(kind, name, fieldPath);
            var text = value is JsonObject o
                ? o["value"] is JsonValue v && o.Count == 1 ? Scalar(v, $"{fieldPath}.value") : throw new SearchQueryException("应为 {\"value\": …}", fieldPath)
                : Scalar(value, fieldPath);
            return new TermQuery(new Term(field, text));
        }

        private BooleanQuery Terms(JsonNode? body, string path)
        {
            var (name, value, fieldPath) = Single(body, path);
            var (field, kind) = Resolve(name, fieldPath);
            NotDate(kind, name, fieldPath);
            if (value is not JsonArray values || values.Count == 0)
            {
                throw new SearchQueryException("terms 的值必须是非空数组", fieldPath);
            }

            if (values.Count > 1024)
            {
                throw new SearchQueryException("terms 最多 1024 个值", fieldPath);
            }

            var query = new BooleanQuery();
            for (var i = 0; i < values.Count; i++)
            {
                query.Add(new TermQuery(new Term(field, Scalar(values[i], $"{fieldPath}[{i}]"))), Occur.SHOULD);
            }

            query.MinimumNumberShouldMatch = 1;
            return query;
        }

        private Query Range(JsonNode? body, string path)
        {
            var (name, value, fieldPath) = Single(body, path);
            var (field, kind) = Resolve(name, fieldPath);
            if (value is not JsonObject bounds || bounds.Count == 0)
            {
                throw new SearchQueryException("range 的值必须是含 gte、gt、lte 或 lt 的对象", fieldPath);
            }

            JsonNode? lower = null, upper = null;
            bool lowerInclusive = true, upperInclusive = true;
            string? lowerPath = null, upperPath = null;
            foreach (var (key, bound) in bounds)
            {
                var boundPath = $"{fieldPath}.{key}";
                switch (key)
                {
                    case "gte" or "gt":
                        if (lower is not null)
                        {
                            throw new SearchQueryException("gte 和 gt 只能写一个", boundPath);
                        }

                        (lower, lowerInclusive, lowerPath) = (bound ?? throw new SearchQueryException("不能为空", boundPath), key == "gte", boundPath);
                        break;
                    case "lte" or "lt":
                        if (upper is not null)
                        {
                            throw new SearchQueryException("lte 和 lt 只能写一个", boundPath);
                        }

                        (upper, upperInclusive, upperPath) = (bound ?? throw new SearchQueryException("不能为空", boundPath), key == "lte", boundPath);
                        break;
                    case "format" or "time_zone":
                        throw new SearchQueryException($"不支持“{key}”：日期一律为北京时间 yyyy-MM-dd", boundPath);
                    default:
                        throw new SearchQueryException($"range 不支持“{key}”；可用：gte、gt、lte、lt", boundPath);
                }
            }

            if (kind == SearchFieldKind.DateTicks)
            {
                long? min = lower is null ? null : DateBound(lower, lowerPath!, isLower: true, ref lowerInclusive);
                long? max = upper is null ? null : DateBound(upper, upperPath!, isLower: false, ref upperInclusive);
                return NumericRangeQuery.NewInt64Range(field, min, max, lowerInclusive, upperInclusive);
            }

            var numeric = (lower ?? upper) is JsonValue first && first.GetValueKind() == JsonValueKind.Number;
            if (numeric)
            {
                // A numeric range over a text or keyword field: compare the values as numbers.
                double? min = lower is null ? null : Number(lower, lowerPath!);
                double? max = upper is null ? null : Number(upper, upperPath!);
                return new NumericTextRangeQuery(field, min, max, lowerInclusive, upperInclusive);
            }

            return TermRangeQuery.NewStringRange(
                field, lower is null ? null : Scalar(lower, lowerPath!), upper is null ? null : Scalar(upper, upperPath!), lowerInclusive, upperInclusive);
        }

        private PrefixQuery Prefix(JsonNode? body, string path)
        {
            var (name, value, fieldPath) = Single(body, path);
            var (field, kind) = Resolve(name, fieldPath);
            NotDate(kind, name, fieldPath);
            return new PrefixQuery(new Term(field, ValueOption(value, fieldPath)));
        }

        private WildcardQuery Wildcard(JsonNode? body, string path)
        {
            var (name, value, fieldPath) = Single(body, path);
            var (field, kind) = Resolve(name, fieldPath);
            NotDate(kind, name, fieldPath);
            var pattern = ValueOption(value, fieldPath);
            if (pattern.StartsWith('*') || pattern.StartsWith('?'))
            {
                throw new SearchQueryException("wildcard 不能以 * 或 ? 开头（会扫描整个索引）", fieldPath);
            }

            return new WildcardQuery(new Term(field, pattern));
        }

        private static string ValueOption(JsonNode? value, string path) => value is JsonObject o
            ? o.Count == 1 && o["value"] is JsonValue v ? Scalar(v, $"{path}.value") : throw new SearchQueryException("应为字符串或 {\"value\": …}", path)
            : Scalar(value, path);

        private static (string Name, JsonNode? Value, string Path) Single(JsonNode? body, string path)
        {
            if (body is not JsonObject obj || obj.Count != 1)
            {
                throw new SearchQueryException("必须是只含一个字段的对象，例如 {\"title\": \"自来水\"}", path);
            }

            var (name, value) = obj.First();
            return (name, value, $"{path}.{name}");
        }

        private (string Field, SearchFieldKind Kind) Resolve(string name, string path)
        {
            if (fields.Resolve(name) is { } found)
            {
                return found;
            }

            // The index's own names: f.Part.Field (text) and k.Part.Field (keyword).
            if (name.StartsWith("f.", StringComparison.Ordinal) && fields.Resolve(name[2..]) is { } text)
            {
                return text;
            }

            if (name.StartsWith("k.", StringComparison.Ordinal) && fields.Resolve(name[2..] + ".keyword") is { } keyword)
            {
                return keyword;
            }

            throw new SearchQueryException($"未知或不可检索的字段“{name}”", path);
        }

        private static void NotDate(SearchFieldKind kind, string name, string path)
        {
            if (kind == SearchFieldKind.DateTicks)
            {
                throw new SearchQueryException($"字段“{name}”是日期，请用 range 查询", path);
            }
        }

        private static string Scalar(JsonNode? node, string path)
        {
            if (node is JsonValue value)
            {
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        return value.GetValue<string>();
                    case JsonValueKind.Number:
                    case JsonValueKind.True:
                    case JsonValueKind.False:
                        return value.ToJsonString();
                }
            }

            throw new SearchQueryException("应为文字、数字或布尔值", path);
        }

        private static double Number(JsonNode? node, string path)
        {
            if (node is JsonValue value)
            {
                if (value.GetValueKind() == JsonValueKind.Number)
                {
                    return value.GetValue<double>();
                }

                if (value.GetValueKind() == JsonValueKind.String
                    && double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }
            }

            throw new SearchQueryException("应为数字", path);
        }

        private static int Integer(JsonNode? node, string path)
        {
            var number = Number(node, path);
            return number == Math.Floor(number) && number is >= 0 and <= int.MaxValue
                ? (int)number
                : throw new SearchQueryException("应为不小于 0 的整数", path);
        }

        /// <summary>
        /// A date bound as UTC ticks. A plain date (yyyy-MM-dd) is a whole China Standard Time day, so
        /// <c>lte 2026-11-30</c> includes that day's evening and <c>gt 2026-11-30</c> starts the next day.
        /// </summary>
        private static long DateBound(JsonNode bound, string path, bool isLower, ref bool inclusive)
        {
            var text = bound is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>().Trim() : null;
            if (text is null)
            {
                throw new SearchQueryException("日期应为 yyyy-MM-dd 格式的文字", path);
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                // gte d / lt d: from the start of d; gt d / lte d: from the start of the next day.
                var day = isLower == inclusive ? date : date.AddDays(1);
                var ticks = BusinessTime.StartOfDayUtc(day).Ticks;
                inclusive = isLower;
                return ticks;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment) && text.Contains('T'))
            {
                return moment.UtcDateTime.Ticks;
            }

            throw new SearchQueryException($"日期“{text}”格式不对，应为 yyyy-MM-dd（北京时间）", path);
        }
    }
}
