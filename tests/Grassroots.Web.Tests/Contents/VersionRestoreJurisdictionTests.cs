using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;
using static Grassroots.Tests.Security.JurisdictionTestUsers;

namespace Grassroots.Tests.Contents;

/// <summary>Restoring an old version re-checks the version's own org unit against the user's jurisdiction.</summary>
public sealed class VersionRestoreJurisdictionTests
{
    private const string TownA = "370725001";   // 宝都街道
    private const string TownB = "370725107";   // 乔官镇

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_version_whose_org_unit_is_outside_the_jurisdiction_cannot_be_restored(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var admin = await factory.CreateApiClientAsync();

        // Version 1 in town B, version 2 moved to town A, version 3 edited in town A.
        var created = await admin.PostAsJsonAsync("/api/content/Notice", Notice(TownB, "乔官镇内部通知"));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var item = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = item["contentItemId"]!.GetValue<string>();
        var v1 = item["contentItemVersionId"]!.GetValue<string>();
        item = await UpdateAsync(admin, id, item, Notice(TownA, "宝都街道通知"));
        var v2 = item["contentItemVersionId"]!.GetValue<string>();
        item = await UpdateAsync(admin, id, item, Notice(TownA, "宝都街道通知（修订）"));

        await CreateAsync(factory, "a-staff", TownA, "TownStaff");
        using var staff = await factory.CreateApiClientAsync("a-staff", Password);

        // Version 1 carries town B: refused like a missing version, and the item stays in town A.
        var refused = await staff.PostAsync($"/api/content/{id}/versions/{v1}/restore", null);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var latest = (await staff.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!;
        Assert.Equal(TownA, latest["orgUnitCode"]!.GetValue<string>());
        Assert.Equal(3, latest["number"]!.GetValue<int>());

        // The screen offers no restore for it, and posting anyway answers 404.
        using var browser = await LoginAsync(factory, "a-staff");
        var page = await PageAsync(browser, $"/admin/content/item/{id}/versions");
        Assert.DoesNotContain($"/versions/{v1}/restore", page);
        Assert.Contains($"/versions/{v2}/restore", page);
        var post = await browser.PostAsync($"/admin/content/item/{id}/versions/{v1}/restore",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(page) }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);

        // A version inside the jurisdiction is restored as before.
        var restored = await staff.PostAsync($"/api/content/{id}/versions/{v2}/restore", null);
        Assert.True(restored.StatusCode == HttpStatusCode.OK, await restored.Content.ReadAsStringAsync());
        Assert.Equal("宝都街道通知", (await restored.Content.ReadFromJsonAsync<JsonObject>())!["content"]!["Notice"]!["Title"]!["value"]!.GetValue<string>());

        // The administrator (whole county) may restore version 1.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/content/{id}/versions/{v1}/restore", null)).StatusCode);
    }

    private static JsonObject Notice(string orgUnitCode, string title) => new()
    {
        ["orgUnitCode"] = orgUnitCode,
        ["content"] = new JsonObject
        {
            ["Notice"] = new JsonObject { ["Title"] = new JsonObject { ["value"] = title }, ["Body"] = new JsonObject { ["value"] = "<p>正文</p>" } },
        },
    };

    private static async Task<JsonObject> UpdateAsync(HttpClient client, string id, JsonObject current, JsonObject change)
    {
        change["concurrencyStamp"] = current["concurrencyStamp"]!.GetValue<string>();
        var response = await client.PutAsJsonAsync($"/api/content/{id}", change);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
