using System.Security.Claims;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grassroots.Audit;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Contents;
using Grassroots.Data;
using Grassroots.Localization;
using Grassroots.OrgUnits;
using Grassroots.Search.Lucene.Models;
using Grassroots.Security;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Util;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Search.Lucene.Services;

/// <summary>
/// Searches a node-local index. The user's jurisdiction (org path term) and viewable types are clauses of the Lucene
/// query itself, so totals and facet counts only count what the user may see.
/// </summary>
internal sealed partial class LuceneSearchService(
    IDbContextAccessor db,
    LuceneIndexManager manager,
    IJurisdictionService jurisdictions,
    IAuthorizationService authorization,
    IContentDefinitionManager definitions,
    IdNumberHasher hasher,
    IAuditTrail audit,
    ISensitiveDataService sensitive,
    IServiceProvider services,
    Microsoft.Extensions.Localization.IStringLocalizer<LuceneSearchService> T) : ISearchService
{
    private const int MaxPageSize = 100;

    /// <summary>
    /// Inside the jurisdiction (a path prefix term), or a published version of a publication type owned by a unit
    /// above the user's (<see cref="ContentTypeSettings.Publication"/>): what Contents lets the user read.
    /// </summary>
    private static Query JurisdictionClause(Jurisdiction jurisdiction, IEnumerable<ContentTypeDefinition> types)
    {
        var within = new TermQuery(new Term(SearchFields.Path, jurisdiction.Prefix));
        var publications = types.Where(t => t.Settings.Publication).Select(t => t.Name).ToList();
        var ancestors = jurisdiction.AncestorPaths;
        if (publications.Count == 0 || ancestors.Count == 0)
        {
            return within;
        }

        return new BooleanQuery
        {
            { within, Occur.SHOULD },
            {
                new BooleanQuery
                {
                    { AnyOf(SearchFields.OwnPath, ancestors), Occur.MUST },
                    { AnyOf(SearchFields.Type, publications), Occur.MUST },
                    { new TermQuery(new Term(SearchFields.Published, "true")), Occur.MUST },
                },
                Occur.SHOULD
            },
        };
    }

    public async Task<SearchResult> SearchAsync(ClaimsPrincipal user, SearchRequest request, CancellationToken cancellationToken = default)
    {
        var empty = new SearchResult(0, [], new Dictionary<string, IReadOnlyList<FacetValue>>());
        var definition = await db.DbContext.Set<SearchIndexRecord>().AsNoTracking().FirstOrDefaultAsync(x => x.Name == request.Index, cancellationToken)
            ?? throw new SearchQueryException($"检索索引 {request.Index} 不存在。");
        var index = manager.Open(definition);

        var jurisdiction = await jurisdictions.GetAsync(user, cancellationToken);
        if (jurisdiction.IsNone)
        {
            return empty;
        }

        var types = await definitions.ListTypeDefinitionsAsync(cancellationToken);

        // Viewable types, as Contents decides: the global ViewContent grants every type; securable types also accept
        // ViewContent_{type}, and ViewOwnContent_{type} grants the user's own items of the type.
        var typeFilter = new BooleanQuery();
        var viewAll = await authorization.AuthorizeAsync(user, StandardPermissions.ViewContent);
        var userName = user.Identity?.Name;
        foreach (var type in types)
        {
            var typeTerm = new TermQuery(new Term(SearchFields.Type, type.Name));
            if (viewAll || (type.Settings.Securable && await authorization.AuthorizeAsync(user, ContentTypePermissions.ForType(StandardPermissions.ViewContent, type))))
            {
                typeFilter.Add(typeTerm, Occur.SHOULD);
            }
            else if (type.Settings.Securable && userName is not null
                && await authorization.AuthorizeAsync(user, ContentTypePermissions.OwnForType(StandardPermissions.ViewContent, type)!))
            {
                typeFilter.Add(new BooleanQuery
                {
                    { typeTerm, Occur.MUST },
                    { new TermQuery(new Term(SearchFields.Owner, userName)), Occur.MUST },
                }, Occur.SHOULD);
            }
        }

        if (typeFilter.Clauses.Count == 0)
        {
            return empty;
        }

        var query = new BooleanQuery
        {
            { Filter(JurisdictionClause(jurisdiction, types)), Occur.MUST },
        };
        query.Add(Filter(typeFilter), Occur.MUST);

        // Exact ID number lookup through the keyed hash, for users allowed to see sensitive data.
        var text = request.Text?.Trim() ?? "";
        var idNumbers = new List<string>();
        List<string>? idNumberHashes = null;
        text = IdNumberPattern().Replace(text, m =>
        {
            idNumbers.Add(m.Groups[1].Value);
            return " ";
        }).Trim();
        if (idNumbers.Count > 0)
        {
            var hashes = new List<string>();
            foreach (var id in idNumbers)
            {
                hashes.Add(await hasher.HashAsync(id, cancellationToken));
            }

            if (!await authorization.AuthorizeAsync(user, StandardPermissions.ViewSensitiveData))
            {
                await AuditIdNumberLookupAsync(user, idNumbers, hashes, null, cancellationToken);
                throw new SearchQueryException("您没有按身份证号查询的权限。");
            }

            idNumberHashes = hashes;
            foreach (var hash in hashes)
            {
                query.Add(new TermQuery(new Term(SearchFields.IdHash, hash)), Occur.MUST);
            }
        }

        Query? textQuery = null;
        if (text.Length > 0)
        {
            var parser = new MultiFieldQueryParser(LuceneIndexManager.Version, [SearchFields.Title, SearchFields.Content, SearchFields.Bigrams], index.Analyzer)
            {
                DefaultOperator = Operator.AND,
                AutoGeneratePhraseQueries = true,
            };
            try
            {
                textQuery = parser.Parse(text);
            }
            catch (ParseException)
            {
                throw new SearchQueryException($"检索语句有误，请检查引号、括号和 AND/OR/NOT 的用法：{text}");
            }

            query.Add(textQuery, Occur.MUST);
        }

        if (request.Query is { } json)
        {
            var translator = services.GetService<IElasticQueryTranslator>() ?? throw new SearchQueryException("暂不支持结构化查询");
            query.Add(translator.Translate(json, FieldMap(types), index.Analyzer), Occur.MUST);
        }

        if (request.Types.Count > 0)
        {
            query.Add(Filter(AnyOf(SearchFields.Type, request.Types)), Occur.MUST);
        }

        if (!string.IsNullOrWhiteSpace(request.OrgUnit))
        {
            var unit = await db.DbContext.Set<OrgUnit>().AsNoTracking().FirstOrDefaultAsync(u => u.Code == request.OrgUnit.Trim(), cancellationToken);
            if (unit is null || !jurisdiction.Contains(unit.Path))
            {
                return empty;
            }

            query.Add(Filter(new TermQuery(new Term(SearchFields.Path, unit.Path))), Occur.MUST);
        }

        if (request.Statuses.Count > 0)
        {
            query.Add(Filter(AnyOf(SearchFields.Status, request.Statuses)), Occur.MUST);
        }

        if (request.From is not null || request.To is not null)
        {
            long? from = request.From is { } f ? StartOfDayUtc(f).Ticks : null;
            long? to = request.To is { } t ? StartOfDayUtc(t.AddDays(1)).Ticks - 1 : null;
            query.Add(Filter(NumericRangeQuery.NewInt64Range(SearchFields.Modified, from, to, true, true)), Occur.MUST);
        }

        var pageSize = Math.Clamp(request.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, request.Page);
        var wanted = page * pageSize;

        var searcher = index.Searchers.Acquire();
        try
        {
            ITopDocsCollector top = request.Sort switch
            {
                SearchSort.Newest => TopFieldCollector.Create(new Sort(new SortField(SearchFields.Modified, SortFieldType.INT64, true)), wanted, true, true, false, false),
                SearchSort.Deadline => TopFieldCollector.Create(new Sort(
                    DeadlineSort(),
                    new SortField(SearchFields.Modified, SortFieldType.INT64, true)), wanted, true, true, false, false),
                _ => TopScoreDocCollector.Create(wanted, true),
            };
            var facets = new FacetCollector(SearchFields.FacetDimensions);
            searcher.Search(query, MultiCollector.Wrap((ICollector)top, facets));
            facets.Finish();
            var topDocs = top.GetTopDocs((page - 1) * pageSize, pageSize);

            Highlighter? highlighter = null;
            if (textQuery is not null)
            {
                highlighter = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), new HtmlTextEncoder(), new QueryScorer(textQuery))
                {
                    TextFragmenter = new SimpleFragmenter(80),
                };
            }

            var hits = new List<SearchHit>();
            foreach (var scoreDoc in topDocs.ScoreDocs)
            {
                var doc = searcher.Doc(scoreDoc.Doc);
                var highlights = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                if (highlighter is not null)
                {
                    foreach (var field in doc.Fields)
                    {
                        if (field.Name != SearchFields.Title && !field.Name.StartsWith("f.", StringComparison.Ordinal))
                        {
                            continue;
                        }

                        var value = field.GetStringValue();
                        if (string.IsNullOrEmpty(value))
                        {
                            continue;
                        }

                        // The stored text fields are highlighted against the query of the full-text fields.
                        var fragments = highlighter.GetBestFragments(index.Analyzer, field.Name == SearchFields.Title ? SearchFields.Title : SearchFields.Content, value, 3);
                        if (fragments.Length > 0)
                        {
                            highlights[field.Name] = fragments;
                        }
                    }
                }

                var ticks = long.TryParse(doc.Get(SearchFields.Modified), out var m) ? m : 0;
                hits.Add(new SearchHit(
                    doc.Get(SearchFields.Id),
                    doc.Get(SearchFields.Type),
                    doc.Get(SearchFields.Title) ?? "",
                    doc.Get(SearchFields.OrgUnitCode) ?? "",
                    float.IsNaN(scoreDoc.Score) ? 0 : scoreDoc.Score,
                    new DateTime(ticks, DateTimeKind.Utc),
                    highlights));
            }

            if (idNumberHashes is not null)
            {
                await AuditIdNumberLookupAsync(user, idNumbers, idNumberHashes, top.TotalHits, cancellationToken);
            }

            return new SearchResult(top.TotalHits, hits, await LabelFacetsAsync(facets.Counts, types, cancellationToken));
        }
        finally
        {
            index.Searchers.Release(searcher);
        }
    }

    /// <summary>
    /// Records an ID-number lookup (按身份证号查询) in the audit trail: who and when (the trail's own columns), the numbers
    /// masked and as their keyed hashes (never in clear), and how many items matched (null: refused).
    /// </summary>
    private Task AuditIdNumberLookupAsync(ClaimsPrincipal user, List<string> idNumbers, List<string> hashes, int? hits,
        CancellationToken cancellationToken)
    {
        var masked = idNumbers.Select(n => sensitive.MaskValue(ContentFieldKinds.ResidentId, IdNumberHasher.Normalize(n))).ToList();
        return audit.RecordAsync(new AuditEvent
        {
            Category = AuditCategories.Sensitive,
            Action = hits is null ? "search.idNumber.refused" : "search.idNumber",
            Summary = hits is null
                ? $"按身份证号查询被拒绝：{string.Join("、", masked)}"
                : $"按身份证号查询 {string.Join("、", masked)}，命中 {hits} 条",
            UserName = user.Identity?.Name,
            Data = new JsonObject
            {
                ["idNumbers"] = new JsonArray([.. masked.Select(m => (JsonNode?)m)]),
                ["hashes"] = new JsonArray([.. hashes.Select(h => (JsonNode?)h)]),
                ["hits"] = hits,
            },
        }, cancellationToken);
    }

    /// <summary>A filter clause: must match, adds nothing to the score.</summary>
    private static ConstantScoreQuery Filter(Query query) => new(query) { Boost = 0 };

    private static SortField DeadlineSort()
    {
        var sort = new SortField(SearchFields.Deadline, SortFieldType.INT64);
        sort.SetMissingValue(long.MaxValue);
        return sort;
    }

    private static DateTime StartOfDayUtc(DateOnly date)
        => BusinessTime.StartOfDayUtc(date);

    private static BooleanQuery AnyOf(string field, IEnumerable<string> values)
    {
        var q = new BooleanQuery();
        foreach (var v in values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct())
        {
            q.Add(new TermQuery(new Term(field, v.Trim())), Occur.SHOULD);
        }

        return q;
    }

    /// <summary>The fields an Elasticsearch-style query may name.</summary>
    internal static SearchFieldMap FieldMap(IReadOnlyList<ContentTypeDefinition> types)
    {
        var map = new SearchFieldMap()
            .Add("title", SearchFields.Title, SearchFieldKind.Text)
            .Add("content", SearchFields.Content, SearchFieldKind.Text)
            .Add("type", SearchFields.Type, SearchFieldKind.Keyword)
            .Add("id", SearchFields.Id, SearchFieldKind.Keyword)
            .Add("orgUnitCode", SearchFields.OrgUnitCode, SearchFieldKind.Keyword)
            .Add("status", SearchFields.Status, SearchFieldKind.Keyword)
            .Add("town", SearchFields.Town, SearchFieldKind.Keyword)
            .Add("village", SearchFields.Village, SearchFieldKind.Keyword)
            .Add("month", SearchFields.Month, SearchFieldKind.Keyword)
            .Add("modified", SearchFields.Modified, SearchFieldKind.DateTicks);
        foreach (var type in types)
        {
            foreach (var field in type.Fields.Where(f => !f.Settings.Sensitive && f.Kind != ContentFieldKinds.ResidentId))
            {
                var settings = field.Settings.Search ?? new FieldSearchSettings();
                if (settings.Included)
                {
                    map.Add($"{type.Name}.{field.Name}", $"f.{type.Name}.{field.Name}", SearchFieldKind.Text);
                }

                if (settings.Keyword)
                {
                    map.Add($"{type.Name}.{field.Name}.keyword", $"k.{type.Name}.{field.Name}", SearchFieldKind.Keyword);
                }
            }
        }

        return map;
    }

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<FacetValue>>> LabelFacetsAsync(
        Dictionary<string, Dictionary<string, int>> counts, IReadOnlyList<ContentTypeDefinition> types, CancellationToken cancellationToken)
    {
        var codes = counts[SearchFields.Town].Keys.Concat(counts[SearchFields.Village].Keys).ToList();
        var names = await db.DbContext.Set<OrgUnit>().AsNoTracking().Where(u => codes.Contains(u.Code))
            .ToDictionaryAsync(u => u.Code, u => u.Name, StringComparer.Ordinal, cancellationToken);
        var typeNames = types.ToDictionary(t => t.Name, t => string.IsNullOrWhiteSpace(t.DisplayName) ? t.Name : t.DisplayName, StringComparer.Ordinal);
        // A type's own Status select field names its values by the options' text (e.g. returned → 已退回).
        var statusTexts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in types.SelectMany(t => t.Fields).Where(f => f.Name == "Status").SelectMany(f => f.Settings.Options))
        {
            statusTexts.TryAdd(option.Value, option.Text);
        }

        string Label(string dimension, string value) => dimension switch
        {
            SearchFields.Type => typeNames.GetValueOrDefault(value, value),
            SearchFields.Town or SearchFields.Village => names.GetValueOrDefault(value, value),
            SearchFields.Status => value switch
            {
                "published" => T["已发布"],
                "draft" => T["草稿"],
                _ => statusTexts.GetValueOrDefault(value, value),
            },
            _ => value,
        };

        return counts.ToDictionary(
            d => d.Key,
            d => (IReadOnlyList<FacetValue>)d.Value
                .Select(v => new FacetValue(v.Key, Label(d.Key, v.Key), v.Value))
                .OrderBy(v => d.Key == SearchFields.Month ? 0 : -v.Count).ThenBy(v => d.Key == SearchFields.Month ? v.Value : "", StringComparer.Ordinal)
                .ThenByDescending(v => d.Key == SearchFields.Month ? "" : v.Value, StringComparer.Ordinal)
                .ToList());
    }

    [GeneratedRegex(@"idNumber:\s*""?([0-9A-Za-z]{6,32})""?", RegexOptions.IgnoreCase)]
    private static partial Regex IdNumberPattern();
}

/// <summary>HTML-encodes the text around highlights (markup characters only; Chinese stays readable).</summary>
internal sealed class HtmlTextEncoder : IEncoder
{
    public string EncodeText(string originalText) => System.Net.WebUtility.HtmlEncode(originalText);
}

/// <summary>Counts the values of single-valued facet doc values over the matching documents.</summary>
internal sealed class FacetCollector(IReadOnlyList<string> dimensions) : ICollector
{
    private readonly SortedDocValues?[] _values = new SortedDocValues?[dimensions.Count];
    private readonly int[]?[] _segmentCounts = new int[]?[dimensions.Count];

    public Dictionary<string, Dictionary<string, int>> Counts { get; } = dimensions.ToDictionary(d => d, _ => new Dictionary<string, int>(StringComparer.Ordinal));

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void Collect(int doc)
    {
        for (var i = 0; i < _values.Length; i++)
        {
            if (_values[i] is { } values)
            {
                var ord = values.GetOrd(doc);
                if (ord >= 0)
                {
                    _segmentCounts[i]![ord]++;
                }
            }
        }
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        for (var i = 0; i < dimensions.Count; i++)
        {
            var values = context.AtomicReader.GetSortedDocValues(SearchFields.Facet(dimensions[i]));
            _values[i] = values;
            _segmentCounts[i] = values is null ? null : new int[values.ValueCount];
        }
    }

    /// <summary>Adds the finished segment's counts to the totals (called per segment and by <see cref="Counts"/> users).</summary>
    private void Flush()
    {
        var term = new BytesRef();
        for (var i = 0; i < _values.Length; i++)
        {
            if (_values[i] is not { } values || _segmentCounts[i] is not { } counts)
            {
                continue;
            }

            var totals = Counts[dimensions[i]];
            for (var ord = 0; ord < counts.Length; ord++)
            {
                if (counts[ord] > 0)
                {
                    values.LookupOrd(ord, term);
                    var key = term.Utf8ToString();
                    totals[key] = totals.GetValueOrDefault(key) + counts[ord];
                }
            }

            _values[i] = null;
            _segmentCounts[i] = null;
        }
    }

    public void Finish() => Flush();
}
