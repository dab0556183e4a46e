using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;

namespace Grassroots.Tests.Contents;

public sealed class ContentApiTests
{
    /// <summary>Content JSON (a JsonObject so part and field names keep their case).</summary>
    private static JsonObject Content(string summary, int households = 12) => JsonNode.Parse($$"""
        {
          "OpinionReport": {
            "Summary": { "value": "{{summary}}" },
            "Category": { "value": "opinion" },
            "VisitDate": { "value": "2026-11-25" },
            "Households": { "value": {{households}} }
          },
          "ContactPart": { "Name": { "value": "张三" } }
        }
        """)!.AsObject();

    private static JsonObject Report(string summary, int households = 12)
        => new() { ["orgUnitCode"] = "370725001036", ["content"] = Content(summary, households) };

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Create_validate_conflict_publish_versions_delete_and_restore(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = await factory.CreateApiClientAsync();

        // Create → 201 with Location.
        var created = await client.PostAsJsonAsync("/api/content/OpinionReport", Report("村口路灯不亮"));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var item = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = item["contentItemId"]!.GetValue<string>();
        Assert.Equal($"/api/content/{id}", created.Headers.Location!.OriginalString);
        Assert.False(item["published"]!.GetValue<bool>());
        Assert.Equal("村口路灯不亮", item["content"]!["OpinionReport"]!["Summary"]!["value"]!.GetValue<string>());

        // Unknown type → 404.
        var unknown = await client.PostAsJsonAsync("/api/content/NoSuchType", Report("x"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // Number over max → 400 keyed by Part.Field, message naming the field.
        var invalid = await client.PostAsJsonAsync("/api/content/OpinionReport", Report("户数太多", 5000));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = (await invalid.Content.ReadFromJsonAsync<JsonObject>())!;
        var messages = problem["errors"]!["OpinionReport.Households"]!.AsArray();
        Assert.Contains("涉及户数", messages[0]!.GetValue<string>());

        var stamp = item["concurrencyStamp"]!.GetValue<string>();

        // Missing stamp → 428.
        var noStamp = await client.PutAsJsonAsync($"/api/content/{id}", new JsonObject { ["content"] = Content("x") });
        Assert.Equal((HttpStatusCode)428, noStamp.StatusCode);

        // Update with the right stamp → new version.
        var ok = await client.PutAsJsonAsync($"/api/content/{id}", new JsonObject
        {
            ["concurrencyStamp"] = stamp,
            ["content"] = Content("村口路灯不亮，已报修"),
        });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var updated = (await ok.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(2, updated["number"]!.GetValue<int>());

        // Stale stamp → 409 with the current version named, item unchanged.
        var stale = await client.PutAsJsonAsync($"/api/content/{id}", new JsonObject
        {
            ["concurrencyStamp"] = stamp,
            ["content"] = Content("被覆盖"),
        });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var conflict = (await stale.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("第 2 版", conflict["detail"]!.GetValue<string>());
        var current = (await client.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!;
        Assert.Equal("村口路灯不亮，已报修", current["content"]!["OpinionReport"]!["Summary"]!["value"]!.GetValue<string>());
        Assert.Equal(2, current["number"]!.GetValue<int>());

        // Publish.
        var published = await client.PostAsync($"/api/content/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.True((await published.Content.ReadFromJsonAsync<JsonObject>())!["published"]!.GetValue<bool>());
        var publishedVersion = (await client.GetFromJsonAsync<JsonObject>($"/api/content/{id}?version=published"))!;
        Assert.Equal("村口路灯不亮，已报修", publishedVersion["displayText"]!.GetValue<string>());

        // Versions and diff.
        var versions = (await client.GetFromJsonAsync<JsonArray>($"/api/content/{id}/versions"))!;
        Assert.Equal(2, versions.Count);
        var latestVersion = versions.Single(v => v!["latest"]!.GetValue<bool>())!["versionId"]!.GetValue<string>();
        var firstVersion = versions.Single(v => v!["number"]!.GetValue<int>() == 1)!["versionId"]!.GetValue<string>();
        var diff = (await client.GetFromJsonAsync<JsonObject>($"/api/content/{id}/versions/{latestVersion}/diff?against={firstVersion}"))!;
        var change = diff["changes"]!.AsArray().Single(c => c!["path"]!.GetValue<string>() == "OpinionReport.Summary")!;
        Assert.Equal("事项摘要", change["label"]!.GetValue<string>());
        Assert.Equal("村口路灯不亮", change["before"]!.GetValue<string>());
        Assert.Equal("村口路灯不亮，已报修", change["after"]!.GetValue<string>());

        // Restore version 1 → version 3 with the old summary.
        var restoredVersion = await client.PostAsync($"/api/content/{id}/versions/{firstVersion}/restore", null);
        Assert.Equal(HttpStatusCode.OK, restoredVersion.StatusCode);
        Assert.Equal(3, (await client.GetFromJsonAsync<JsonArray>($"/api/content/{id}/versions"))!.Count);
        Assert.Equal("村口路灯不亮", (await client.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!["displayText"]!.GetValue<string>());

        // Soft delete hides it from the list; the recycle bin shows it; restore brings it back.
        Assert.Contains(id, await ListIdsAsync(client, "q=村口路灯"));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/content/{id}")).StatusCode);
        Assert.DoesNotContain(id, await ListIdsAsync(client, "q=村口路灯"));
        Assert.Contains(id, await ListIdsAsync(client, "q=村口路灯&status=deleted"));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/content/{id}/restore", null)).StatusCode);
        Assert.Contains(id, await ListIdsAsync(client, "q=村口路灯"));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task List_filters_by_text_org_unit_type_and_status(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = await factory.CreateApiClientAsync();

        // Text in a field (Details/Summary) finds the item.
        var water = await ListIdsAsync(client, "q=" + Uri.EscapeDataString("自来水"));
        Assert.Equal(["demo-opinion-hs-0001"], water);

        // Org unit subtree: 团埠坡村 only.
        var tbp = await ListIdsAsync(client, "orgUnit=370725107");
        Assert.NotEmpty(tbp);
        Assert.All(tbp, id => Assert.StartsWith("demo-opinion-tbp-", id));
        Assert.Contains("demo-opinion-tbp-0001", tbp);

        // Type filter, page size limit and shape.
        var page = (await client.GetFromJsonAsync<JsonObject>("/api/content?type=Notice&pageSize=500"))!;
        Assert.Equal(100, page["pageSize"]!.GetValue<int>());
        Assert.True(page["total"]!.GetValue<int>() >= 2);
        Assert.All(page["items"]!.AsArray(), i =>
        {
            Assert.Equal("Notice", i!["contentType"]!.GetValue<string>());
            Assert.Null(i["content"]);
        });

        // Drafts: the seeded items are published.
        var drafts = await ListIdsAsync(client, "status=draft");
        Assert.DoesNotContain("demo-opinion-hs-0001", drafts);
        Assert.Contains("demo-opinion-hs-0001", await ListIdsAsync(client, "status=published"));
    }

    private static async Task<List<string>> ListIdsAsync(HttpClient client, string query)
    {
        var page = (await client.GetFromJsonAsync<JsonObject>("/api/content?pageSize=100&" + query))!;
        return [.. page["items"]!.AsArray().Select(i => i!["contentItemId"]!.GetValue<string>())];
    }
}
