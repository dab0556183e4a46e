using Grassroots.ContentManagement.Metadata;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.Search.Lucene.Controllers;

/// <summary>The staff search page (检索 → 全文检索).</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class SearchAdminController(
    ISearchService search,
    IAuthorizationService authorization,
    IOrgUnitService orgUnits,
    IContentDefinitionManager definitions,
    IStringLocalizer<SearchAdminController> T) : Controller
{
    [HttpGet("/admin/search")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ViewContent))
        {
            return Forbid();
        }

        var (request, errors) = SearchRequestReader.FromQuery(Request.Query);
        var page = new SearchPage
        {
            Request = request,
            RawFrom = Request.Query["from"].ToString(),
            RawTo = Request.Query["to"].ToString(),
            Errors = errors.Select(e => new KeyValuePair<string, string>(e.Key, T[e.Value].Value)).ToList(),
        };

        if (!string.IsNullOrEmpty(request.OrgUnit))
        {
            page.OrgUnitName = (await orgUnits.GetAsync(request.OrgUnit, cancellationToken))?.Name;
        }

        if (page.Errors.Count == 0 && page.HasCriteria)
        {
            try
            {
                page.Result = await search.SearchAsync(User, request, cancellationToken);
                page.FieldLabels["title"] = T["标题"].Value;
                page.FieldLabels["content"] = T["内容"].Value;
                foreach (var type in page.Result.Hits.Select(h => h.ContentType).Distinct(StringComparer.Ordinal))
                {
                    foreach (var part in await definitions.GetLayoutAsync(type, cancellationToken))
                    {
                        foreach (var field in part.Fields)
                        {
                            page.FieldLabels[$"f.{part.Name}.{field.Name}"] = field.DisplayName;
                        }
                    }
                }
            }
            catch (SearchQueryException e)
            {
                page.Errors.Add(new("q", T[e.Message].Value));
            }
        }

        ViewData["Title"] = T["全文检索"].Value;
        return View(page);
    }
}

/// <summary>What the search page shows, and the links it builds (each keeps the other criteria).</summary>
public sealed class SearchPage
{
    public required SearchRequest Request { get; init; }

    /// <summary>The dates as typed, kept in the boxes when they are wrong.</summary>
    public string? RawFrom { get; init; }

    public string? RawTo { get; init; }

    public List<KeyValuePair<string, string>> Errors { get; init; } = [];

    public SearchResult? Result { get; set; }

    public string? OrgUnitName { get; set; }

    /// <summary>Highlighted index field (title, content, f.Part.Field) → its display name.</summary>
    public Dictionary<string, string> FieldLabels { get; } = new(StringComparer.Ordinal);

    /// <summary>An org unit's name when a facet of the result knows it (village, then town), else the code.</summary>
    public string UnitLabel(string code)
    {
        var village = Label("village", code);
        return village != code ? village : Label("town", code);
    }

    public bool HasFilters => Request.Types.Count > 0 || Request.Statuses.Count > 0 || Request.OrgUnit is not null
        || Request.From is not null || Request.To is not null;

    public bool HasCriteria => Request.Text is not null || HasFilters;

    public int PageCount => Result is null ? 0 : Math.Max(1, (Result.Total + Request.PageSize - 1) / Request.PageSize);

    public string? Error(string key) => Errors.FirstOrDefault(e => e.Key == key).Value;

    /// <summary>A label for a facet value already known from the result (type and status chips).</summary>
    public string Label(string dimension, string value)
        => Result?.Facets.GetValueOrDefault(dimension)?.FirstOrDefault(f => f.Value == value)?.Label ?? value;

    /// <summary>The page URL with some criteria changed; paging restarts unless <paramref name="page"/> is given.</summary>
    public string Url(
        string? q = null, bool clearQ = false,
        IEnumerable<string>? types = null, IEnumerable<string>? statuses = null,
        string? orgUnit = null, bool clearOrgUnit = false,
        DateOnly? from = null, DateOnly? to = null, bool clearDates = false,
        SearchSort? sort = null, int? page = null)
    {
        var parts = new List<(string, string)>();
        var text = clearQ ? null : q ?? Request.Text;
        if (text is not null)
        {
            parts.Add(("q", text));
        }

        parts.AddRange((types ?? Request.Types).Select(t => ("type", t)));
        parts.AddRange((statuses ?? Request.Statuses).Select(s => ("status", s)));
        if ((clearOrgUnit ? null : orgUnit ?? Request.OrgUnit) is { } unit)
        {
            parts.Add(("orgUnit", unit));
        }

        if ((clearDates ? null : from ?? Request.From) is { } f)
        {
            parts.Add(("from", f.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        }

        if ((clearDates ? null : to ?? Request.To) is { } t2)
        {
            parts.Add(("to", t2.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        }

        var order = sort ?? Request.Sort;
        if (order != SearchSort.Relevance)
        {
            parts.Add(("sort", SearchRequestReader.SortName(order)));
        }

        if (page is > 1)
        {
            parts.Add(("page", page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (Request.PageSize != 20)
        {
            parts.Add(("pageSize", Request.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return "/admin/search" + (parts.Count == 0 ? "" : "?" + string.Join("&", parts.Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2))));
    }

    /// <summary>The URL that applies a facet value (type and status add to the list; town, village and month replace).</summary>
    public string FacetUrl(string dimension, string value) => dimension switch
    {
        "type" => Url(types: Request.Types.Append(value).Distinct(StringComparer.Ordinal)),
        "status" => Url(statuses: Request.Statuses.Append(value).Distinct(StringComparer.Ordinal)),
        "town" or "village" => Url(orgUnit: value),
        "month" when DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", out var first) => Url(from: first, to: first.AddMonths(1).AddDays(-1)),
        _ => Url(),
    };

    /// <summary>Whether a facet value is already applied.</summary>
    public bool IsActive(string dimension, string value) => dimension switch
    {
        "type" => Request.Types.Contains(value),
        "status" => Request.Statuses.Contains(value),
        "town" or "village" => Request.OrgUnit == value,
        "month" => Request.From is { } f && Request.To is { } t && f.Day == 1 && t == f.AddMonths(1).AddDays(-1)
            && f.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) == value,
        _ => false,
    };
}
