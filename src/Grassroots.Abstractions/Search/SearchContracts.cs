using System.Security.Claims;
using System.Text.Json.Nodes;

namespace Grassroots.Search;

/// <summary>How results are ordered.</summary>
public enum SearchSort
{
    Relevance,
    Newest,
    Deadline,
}

/// <summary>
/// A staff search: free text plus filters, or an Elasticsearch-style query (<see cref="Query"/>: bool with
/// must/should/must_not/filter, match, match_phrase, term, terms, range, prefix, wildcard). The user's jurisdiction and
/// viewable content types are always added by the service inside the Lucene query.
/// </summary>
public sealed class SearchRequest
{
    /// <summary>The index to search (default "staff").</summary>
    public string Index { get; set; } = "staff";

    /// <summary>Free text (Chinese segmented); quotes make a phrase, AND/OR/NOT and +/- work.</summary>
    public string? Text { get; set; }

    /// <summary>An Elasticsearch-style query object, combined with <see cref="Text"/> and the filters by AND.</summary>
    public JsonObject? Query { get; set; }

    /// <summary>Content type names (any of).</summary>
    public List<string> Types { get; set; } = [];

    /// <summary>Org unit code: the unit and everything below it.</summary>
    public string? OrgUnit { get; set; }

    /// <summary>Status facet values (e.g. "published", "draft", or a Status field's value).</summary>
    public List<string> Statuses { get; set; } = [];

    /// <summary>Modified date from (inclusive), China Standard Time date.</summary>
    public DateOnly? From { get; set; }

    /// <summary>Modified date to (inclusive), China Standard Time date.</summary>
    public DateOnly? To { get; set; }

    public SearchSort Sort { get; set; } = SearchSort.Relevance;

    public int Page { get; set; } = 1;

    public int PageSize { get; set; } = 20;
}

/// <summary>One hit: what the result list shows.</summary>
public sealed record SearchHit(
    string ContentItemId,
    string ContentType,
    string Title,
    string OrgUnitCode,
    float Score,
    DateTime ModifiedUtc,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Highlights);

/// <summary>A facet value with its count (never counting what the user may not see).</summary>
public sealed record FacetValue(string Value, string Label, int Count);

/// <summary>The result page: total, hits and facets ("type", "town", "village", "status", "month").</summary>
public sealed record SearchResult(
    int Total,
    IReadOnlyList<SearchHit> Hits,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets);

/// <summary>Thrown for a query the user wrote wrongly; the message is Chinese and names the problem.</summary>
public sealed class SearchQueryException(string message, string? path = null) : Exception(message)
{
    /// <summary>JSON path of the offending part of an Elasticsearch-style query, or null.</summary>
    public string? Path { get; } = path;
}

/// <summary>Full-text search across content, filtered by the user's jurisdiction and permissions in the query itself.</summary>
public interface ISearchService
{
    /// <exception cref="SearchQueryException">The query is malformed.</exception>
    Task<SearchResult> SearchAsync(ClaimsPrincipal user, SearchRequest request, CancellationToken cancellationToken = default);
}
