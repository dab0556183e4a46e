using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Grassroots.Search.Lucene.Controllers;

/// <summary>
/// Full-text search for staff: free text and filters (GET) or an Elasticsearch-style query (POST). Hits, totals and
/// facet counts only ever include what the caller may see (jurisdiction and content types are inside the query).
/// </summary>
[ApiController]
[Authorize]
[Tags("Search")]
public sealed class SearchApiController(ISearchService search, IAuthorizationService authorization) : ControllerBase
{
    /// <summary>
    /// Search with free text and filters: <c>q</c> (Chinese segmented; quotes for phrases, AND/OR/NOT), <c>type</c>
    /// (repeatable or comma-separated), <c>orgUnit</c> (a unit and everything below it), <c>status</c>, <c>from</c>/<c>to</c>
    /// (yyyy-MM-dd, China Standard Time, by modification date), <c>sort</c> (relevance, newest, deadline),
    /// <c>page</c> and <c>pageSize</c> (at most 100).
    /// </summary>
    [HttpGet("/api/search")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Get(CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ViewContent))
        {
            return Forbid();
        }

        var (request, errors) = SearchRequestReader.FromQuery(Request.Query);
        return await RunAsync(request, errors, cancellationToken);
    }

    /// <summary>
    /// Search with an Elasticsearch-style query: <c>{ "query": { "bool": { "must": [ { "match": { "content": "自来水" } } ],
    /// "filter": [ { "term": { "type": "OpinionReport" } }, { "range": { "modified": { "gte": "2026-11-01" } } } ] } },
    /// "q"?, "type"?: [..], "status"?: [..], "orgUnit"?, "from"?, "to"?, "sort"?, "page"?, "size"? }</c>. Supported:
    /// bool (must, should, must_not, filter, minimum_should_match), match, match_phrase, term, terms, range, prefix,
    /// wildcard, match_all. Fields: title, content, type, id, status, orgUnitCode, town, village, month, modified,
    /// and per content field <c>Type.Field</c> (text) and <c>Type.Field.keyword</c> (exact, when enabled).
    /// A mistake answers 400 with the JSON path of the offending part in <c>errors</c>.
    /// </summary>
    [HttpPost("/api/search")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Post([FromBody] JsonElement body, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ViewContent))
        {
            return Forbid();
        }

        if (body.ValueKind != JsonValueKind.Object || JsonNode.Parse(body.GetRawText()) is not JsonObject json)
        {
            var state = new ModelStateDictionary();
            state.AddModelError("$", "请求体必须是 JSON 对象，例如 {\"query\": {\"match\": {\"content\": \"自来水\"}}}");
            return ValidationProblem(title: "检索条件有误", modelStateDictionary: state);
        }

        var (request, errors) = SearchRequestReader.FromJson(json);
        return await RunAsync(request, errors, cancellationToken);
    }

    private async Task<IActionResult> RunAsync(SearchRequest request, List<KeyValuePair<string, string>> errors, CancellationToken cancellationToken)
    {
        if (errors.Count > 0)
        {
            var state = new ModelStateDictionary();
            foreach (var (key, message) in errors)
            {
                state.AddModelError(key, message);
            }

            return ValidationProblem(title: "检索条件有误", modelStateDictionary: state);
        }

        SearchResult result;
        try
        {
            result = await search.SearchAsync(User, request, cancellationToken);
        }
        catch (SearchQueryException e)
        {
            var state = new ModelStateDictionary();
            state.AddModelError(e.Path ?? (request.Text is null ? "$" : "q"), e.Message);
            return ValidationProblem(title: "检索条件有误", detail: e.Message, modelStateDictionary: state);
        }

        return Ok(new
        {
            total = result.Total,
            page = request.Page,
            pageSize = request.PageSize,
            hits = result.Hits.Select(h => new
            {
                id = h.ContentItemId,
                type = h.ContentType,
                title = h.Title,
                orgUnit = h.OrgUnitCode,
                score = float.IsFinite(h.Score) ? h.Score : 0f,
                modifiedUtc = DateTime.SpecifyKind(h.ModifiedUtc, DateTimeKind.Utc),
                highlights = h.Highlights,
            }),
            facets = result.Facets.ToDictionary(
                f => f.Key,
                f => f.Value.Select(v => new { value = v.Value, label = v.Label, count = v.Count })),
        });
    }
}
