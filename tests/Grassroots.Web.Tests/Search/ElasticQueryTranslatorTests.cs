using System.Text.Json.Nodes;
using Grassroots.Localization;
using Grassroots.Search;
using Grassroots.Search.Lucene.QueryTranslation;
using Grassroots.Search.Lucene.Services;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Grassroots.Tests.Search;

/// <summary>The Elasticsearch-style subset on a real on-disk index with the Chinese analyzer.</summary>
public sealed class ElasticQueryTranslatorTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "grassroots-translator-" + Guid.NewGuid().ToString("N"));
    private readonly FSDirectory _directory;
    private readonly SmartChineseAnalyzer _analyzer = new(LuceneVersion.LUCENE_48);
    private readonly DirectoryReader _reader;
    private readonly SearchFieldMap _fields = new SearchFieldMap()
        .Add("title", "title", SearchFieldKind.Text)
        .Add("content", "content", SearchFieldKind.Text)
        .Add("type", "type", SearchFieldKind.Keyword)
        .Add("status", "status", SearchFieldKind.Keyword)
        .Add("orgUnitCode", "orgUnitCode", SearchFieldKind.Keyword)
        .Add("modified", "modified", SearchFieldKind.DateTicks)
        .Add("Ledger.Households", "f.Ledger.Households", SearchFieldKind.Text)
        .Add("Ledger.Code.keyword", "k.Ledger.Code", SearchFieldKind.Keyword);

    public ElasticQueryTranslatorTests()
    {
        _directory = FSDirectory.Open(_folder);
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, _analyzer)))
        {
            // doc id, type, status, title, content, CST modified date, households, code
            Add(writer, "a", "OpinionReport", "draft", "自来水管道破裂", "团埠坡村东头自来水管道破裂，村民无法用水", "2026-11-01", "9", "TBP-001");
            Add(writer, "b", "OpinionReport", "published", "道路积水", "恒盛社区道路积水严重，影响出行", "2026-11-15", "12", "HS-002");
            Add(writer, "c", "Notice", "published", "冬季走访通知", "请各网格完成联系户走访，关注自来水供应", "2026-11-30", "100", "CTY-003");
            Add(writer, "d", "Notice", "draft", "安全生产检查", "开展安全生产大检查", "2026-12-01", "30", "CTY-004");
            writer.Commit();
        }

        _reader = DirectoryReader.Open(_directory);
    }

    private static void Add(IndexWriter writer, string id, string type, string status, string title, string content, string date, string households, string code)
    {
        var utc = TimeZoneInfo.ConvertTimeToUtc(DateOnly.Parse(date).ToDateTime(new TimeOnly(12, 0)), BusinessTime.ChinaStandardTime);
        writer.AddDocument(new Document
        {
            new StringField("id", id, Field.Store.YES),
            new StringField("type", type, Field.Store.YES),
            new StringField("status", status, Field.Store.YES),
            new StringField("orgUnitCode", "370725107277", Field.Store.YES),
            new TextField("title", title, Field.Store.YES),
            new TextField("content", content, Field.Store.NO),
            new Int64Field("modified", utc.Ticks, Field.Store.YES),
            new TextField("f.Ledger.Households", households, Field.Store.NO),
            new StringField("k.Ledger.Code", code, Field.Store.NO),
        });
    }

    private string[] Search(string json)
    {
        var query = new ElasticQueryTranslator().Translate(JsonNode.Parse(json)!.AsObject(), _fields, _analyzer);
        var searcher = new IndexSearcher(_reader);
        return searcher.Search(query, 100).ScoreDocs.Select(d => searcher.Doc(d.Doc).Get("id")).Order(StringComparer.Ordinal).ToArray();
    }

    private SearchQueryException Fails(string json)
        => Assert.Throws<SearchQueryException>(() => new ElasticQueryTranslator().Translate(JsonNode.Parse(json)!.AsObject(), _fields, _analyzer));

    [Fact]
    public void Match_is_segmented_in_Chinese()
    {
        Assert.Equal(["a", "c"], Search("""{ "match": { "content": "自来水" } }"""));
        Assert.Equal(["a"], Search("""{ "match": { "title": "自来水" } }"""));
        // operator and: every word must occur.
        Assert.Equal(["a"], Search("""{ "match": { "content": { "query": "自来水 村民", "operator": "and" } } }"""));
        Assert.Equal(["a", "c"], Search("""{ "match": { "content": { "query": "自来水 村民", "operator": "or" } } }"""));
    }

    [Fact]
    public void Match_phrase_needs_the_words_together()
    {
        Assert.Equal(["a"], Search("""{ "match_phrase": { "content": "自来水管道" } }"""));
        Assert.Empty(Search("""{ "match_phrase": { "content": "管道自来水" } }"""));
    }

    [Fact]
    public void Bool_combines_must_should_must_not_and_filter()
    {
        Assert.Equal(["c"], Search("""
            { "bool": { "must": [ { "match": { "content": "自来水" } } ], "filter": [ { "term": { "type": "Notice" } } ] } }
            """));
        Assert.Equal(["a"], Search("""
            { "bool": { "must": { "match": { "content": "自来水" } }, "must_not": [ { "term": { "type": "Notice" } } ] } }
            """));
        Assert.Equal(["a", "b"], Search("""
            { "bool": { "should": [ { "match": { "title": "积水" } }, { "match": { "title": "管道" } } ] } }
            """));
        Assert.Equal(["a"], Search("""
            { "bool": { "should": [ { "match": { "content": "自来水" } }, { "match": { "content": "村民" } }, { "match": { "content": "积水" } } ],
                        "minimum_should_match": 2 } }
            """));
        // Only must_not: everything else.
        Assert.Equal(["b", "c", "d"], Search("""{ "bool": { "must_not": { "term": { "k.Ledger.Code": "TBP-001" } } } }"""));
    }

    [Fact]
    public void Filter_clauses_do_not_change_the_scores()
    {
        var searcher = new IndexSearcher(_reader);
        var translator = new ElasticQueryTranslator();
        var plain = searcher.Search(translator.Translate(JsonNode.Parse("""{ "match": { "content": "自来水" } }""")!.AsObject(), _fields, _analyzer), 10);
        var filtered = searcher.Search(translator.Translate(JsonNode.Parse("""
            { "bool": { "must": { "match": { "content": "自来水" } }, "filter": { "terms": { "type": ["Notice", "OpinionReport"] } } } }
            """)!.AsObject(), _fields, _analyzer), 10);
        Assert.Equal(plain.ScoreDocs.Select(d => d.Doc), filtered.ScoreDocs.Select(d => d.Doc));
    }

    [Fact]
    public void Term_terms_prefix_and_wildcard_work_on_keywords()
    {
        Assert.Equal(["c", "d"], Search("""{ "term": { "type": "Notice" } }"""));
        Assert.Equal(["b", "d"], Search("""{ "terms": { "k.Ledger.Code": ["HS-002", "CTY-004", "NOPE"] } }"""));
        Assert.Equal(["c", "d"], Search("""{ "prefix": { "Ledger.Code.keyword": "CTY-" } }"""));
        Assert.Equal(["c", "d"], Search("""{ "wildcard": { "Ledger.Code.keyword": { "value": "C*-00?" } } }"""));
        Assert.Equal(["a"], Search("""{ "wildcard": { "Ledger.Code.keyword": "T?P-*" } }"""));
    }

    [Fact]
    public void Range_on_dates_uses_whole_China_Standard_Time_days()
    {
        Assert.Equal(["b", "c"], Search("""{ "range": { "modified": { "gte": "2026-11-15", "lte": "2026-11-30" } } }"""));
        Assert.Equal(["c"], Search("""{ "range": { "modified": { "gt": "2026-11-15", "lt": "2026-12-01" } } }"""));
        Assert.Equal(["d"], Search("""{ "range": { "modified": { "gt": "2026-11-30" } } }"""));
        Assert.Equal(["a"], Search("""{ "range": { "modified": { "lt": "2026-11-15" } } }"""));
    }

    [Fact]
    public void Range_on_numbers_compares_numbers_not_text()
    {
        Assert.Equal(["a", "b", "d"], Search("""{ "range": { "Ledger.Households": { "gte": 9, "lte": 30 } } }"""));
        Assert.Equal(["c"], Search("""{ "range": { "Ledger.Households": { "gt": 30 } } }"""));
        Assert.Equal(["a"], Search("""{ "range": { "Ledger.Households": { "lt": 10 } } }"""));
    }

    [Theory]
    [InlineData("""{ "fuzzy": { "title": "水" } }""", "$.query.fuzzy", "不支持的查询条件")]
    [InlineData("""{ "bool": { "must": [ { "match": { "title": "水" } }, { "nope": {} } ] } }""", "$.query.bool.must[1].nope", "不支持的查询条件")]
    [InlineData("""{ "bool": { "must": [ { "match": { "title": "水" } }, "text" ] } }""", "$.query.bool.must[1]", "只含一个键")]
    [InlineData("""{ "bool": { "musts": [] } }""", "$.query.bool.musts", "bool 不支持")]
    [InlineData("""{ "match": { "Secret.Name": "张三" } }""", "$.query.match.Secret.Name", "未知或不可检索的字段")]
    [InlineData("""{ "range": { "modified": { "gte": "2026/11/01" } } }""", "$.query.range.modified.gte", "yyyy-MM-dd")]
    [InlineData("""{ "range": { "modified": { "from": "2026-11-01" } } }""", "$.query.range.modified.from", "range 不支持")]
    [InlineData("""{ "terms": { "type": "Notice" } }""", "$.query.terms.type", "非空数组")]
    [InlineData("""{ "match": { "content": { "query": "水", "operator": "xor" } } }""", "$.query.match.content.operator", "and 或 or")]
    [InlineData("""{ "wildcard": { "Ledger.Code.keyword": "*001" } }""", "$.query.wildcard.Ledger.Code.keyword", "不能以 *")]
    [InlineData("""{ "bool": { "should": [ { "term": { "type": "Notice" } } ], "minimum_should_match": 3 } }""", "$.query.bool.minimum_should_match", "minimum_should_match")]
    [InlineData("""{ "term": { "modified": "2026-11-01" } }""", "$.query.term.modified", "range")]
    [InlineData("""{ "match": {}, "term": {} }""", "$.query", "只含一个键")]
    public void Bad_queries_name_the_problem_in_Chinese_with_the_path(string json, string path, string message)
    {
        var e = Fails(json);
        Assert.Equal(path, e.Path);
        Assert.Contains(message, e.Message);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
        try
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
