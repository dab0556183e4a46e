using System.Text.Json.Nodes;
using Lucene.Net.Analysis;
using Lucene.Net.Search;

namespace Grassroots.Search.Lucene.Services;

/// <summary>How a field of the Elasticsearch-style query maps onto the index.</summary>
public enum SearchFieldKind
{
    /// <summary>Analysed text (match, match_phrase).</summary>
    Text,

    /// <summary>One unsplit term (term, terms, prefix, wildcard).</summary>
    Keyword,

    /// <summary>Int64 ticks (range; dates are CST dates or ISO date-times).</summary>
    DateTicks,
}

/// <summary>The query-visible fields: a public name (e.g. <c>title</c>, <c>Summary</c>) to a Lucene field and kind.</summary>
public sealed class SearchFieldMap
{
    private readonly Dictionary<string, (string Field, SearchFieldKind Kind)> _fields = new(StringComparer.OrdinalIgnoreCase);

    public SearchFieldMap Add(string name, string luceneField, SearchFieldKind kind)
    {
        _fields[name] = (luceneField, kind);
        return this;
    }

    public IReadOnlyDictionary<string, (string Field, SearchFieldKind Kind)> Fields => _fields;

    /// <summary>The Lucene field and kind of a public field name, or null when it is unknown (or not allowed).</summary>
    public (string Field, SearchFieldKind Kind)? Resolve(string name) => _fields.TryGetValue(name, out var f) ? f : null;
}

/// <summary>
/// Translates an Elasticsearch-style JSON query (bool with must/should/must_not/filter, match, match_phrase, term,
/// terms, range, prefix, wildcard) into a Lucene query. Throws <see cref="SearchQueryException"/> with the JSON path of
/// the offending part.
/// </summary>
public interface IElasticQueryTranslator
{
    Query Translate(JsonObject query, SearchFieldMap fields, Analyzer analyzer);
}
