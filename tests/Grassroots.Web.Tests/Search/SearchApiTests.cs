using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Grassroots.Search.Lucene.Services;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Search;

/// <summary>GET and POST /api/search on the real index (the seeded 恒盛社区 report mentions 自来水).</summary>
public sealed class SearchApiTests
{
    internal const string SeededReport = "demo-opinion-hs-0001";

    internal static async Task IndexAsync(GrassrootsFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISearchIndexer>().CatchUpAsync("staff");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Get_and_post_find_the_seeded_report(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await IndexAsync(factory);
        using var client = await factory.CreateApiClientAsync();

        var get = await client.GetFromJsonAsync<JsonObject>("/api/search?q=" + Uri.EscapeDataString("自来水") + "&type=OpinionReport&pageSize=10");
        Assert.True((int)get!["total"]! >= 1);
        var hit = get["hits"]!.AsArray().Single(h => (string?)h!["id"] == SeededReport)!;
        Assert.Equal("OpinionReport", (string?)hit["type"]);
        Assert.Equal("370725001036", (string?)hit["orgUnit"]);
        Assert.False(string.IsNullOrEmpty((string?)hit["title"]));
        Assert.True((double)hit["score"]! > 0);
        Assert.NotNull(hit["modifiedUtc"]);
        Assert.Contains(hit["highlights"]!.AsObject(), h => h.Value!.AsArray().Any(f => ((string?)f)!.Contains("<mark>", StringComparison.Ordinal)));
        var types = get["facets"]!["type"]!.AsArray();
        Assert.Equal("民情信息", (string?)types.Single(t => (string?)t!["value"] == "OpinionReport")!["label"]);
        Assert.Equal((int)get["total"]!, types.Sum(t => (int)t!["count"]!));
        Assert.NotNull(get["facets"]!["village"]);

        // A type filter that excludes it.
        var notices = await client.GetFromJsonAsync<JsonObject>("/api/search?q=" + Uri.EscapeDataString("自来水") + "&type=Notice");
        Assert.DoesNotContain(notices!["hits"]!.AsArray(), h => (string?)h!["id"] == SeededReport);

        var post = await client.PostAsync("/api/search", Json("""
            { "query": { "bool": {
                "must": [ { "match": { "content": "自来水" } } ],
                "filter": [ { "term": { "type": "OpinionReport" } }, { "range": { "modified": { "gte": "2000-01-01" } } } ],
                "must_not": [ { "term": { "status": "nonexistent" } } ] } },
              "type": ["OpinionReport"], "orgUnit": "370725001", "size": 5 }
            """));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var body = await post.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains(body!["hits"]!.AsArray(), h => (string?)h!["id"] == SeededReport);
        Assert.All(body["hits"]!.AsArray(), h => Assert.Equal("OpinionReport", (string?)h!["type"]));

        // The same query excluding the type finds nothing of it.
        var excluded = await client.PostAsync("/api/search", Json("""
            { "query": { "bool": { "must": { "match_phrase": { "content": "自来水" } }, "must_not": { "term": { "id": "demo-opinion-hs-0001" } } } } }
            """));
        var excludedBody = await excluded.Content.ReadFromJsonAsync<JsonObject>();
        Assert.DoesNotContain(excludedBody!["hits"]!.AsArray(), h => (string?)h!["id"] == SeededReport);
    }

    [Fact]
    public async Task Bad_requests_answer_400_in_Chinese_with_the_path()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = await factory.CreateApiClientAsync();

        var bad = await client.PostAsync("/api/search", Json("""
            { "query": { "bool": { "must": [ { "match": { "content": "水" } }, { "fuzzy": { "content": "水" } } ] } } }
            """));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("检索条件有误", (string?)problem!["title"]);
        var messages = problem["errors"]!["$.query.bool.must[1].fuzzy"]!.AsArray();
        Assert.Contains("不支持的查询条件", (string?)messages[0]);

        var unknownField = await client.PostAsync("/api/search", Json("""{ "query": { "term": { "ContactPart.Phone": "13800000000" } } }"""));
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.NotNull((await unknownField.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["$.query.term.ContactPart.Phone"]);

        var badDate = await client.GetAsync("/api/search?q=x&from=2026-13-01");
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        var dateProblem = await badDate.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("开始日期", (string?)dateProblem!["errors"]!["from"]![0]);

        var tooMany = await client.GetAsync("/api/search?q=x&pageSize=101");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("100", (string?)(await tooMany.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["pageSize"]![0]);

        var tooManyPost = await client.PostAsync("/api/search", Json("""{ "q": "x", "size": 500 }"""));
        Assert.Equal(HttpStatusCode.BadRequest, tooManyPost.StatusCode);
        Assert.NotNull((await tooManyPost.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["size"]);
    }

    [Fact]
    public async Task Village_staff_never_see_another_village_through_the_api()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        await IndexAsync(factory);
        await UsersTestHelpers.CreateUserAsync(factory, "tbp-staff", "370725107277", "VillageStaff");
        using var client = await factory.CreateApiClientAsync("tbp-staff", UsersTestHelpers.Password);

        // The seeded 恒盛社区 report says 自来水; a 团埠坡村 user finds nothing of it: not in hits, total or facets.
        var get = await client.GetFromJsonAsync<JsonObject>("/api/search?q=" + Uri.EscapeDataString("自来水"));
        Assert.DoesNotContain(get!["hits"]!.AsArray(), h => (string?)h!["id"] == SeededReport);
        Assert.All(get["hits"]!.AsArray(), h => Assert.StartsWith("370725107277", (string?)h!["orgUnit"]));
        Assert.DoesNotContain(get["facets"]!["village"]!.AsArray(), v => (string?)v!["value"] == "370725001036");
        Assert.Equal((int)get["total"]!, get["facets"]!["type"]!.AsArray().Sum(t => (int)t!["count"]!));

        var post = await client.PostAsync("/api/search", Json("""{ "query": { "term": { "id": "demo-opinion-hs-0001" } } }"""));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var body = await post.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(0, (int)body!["total"]!);
        Assert.Empty(body["hits"]!.AsArray());
    }

    [Fact]
    public async Task Search_requires_sign_in()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var anonymous = factory.CreateClient();
        var response = await anonymous.GetAsync("/api/search?q=x");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
