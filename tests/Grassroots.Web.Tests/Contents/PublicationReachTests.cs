using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Search;
using static Grassroots.Tests.Security.JurisdictionTestUsers;

namespace Grassroots.Tests.Contents;

/// <summary>
/// Publications (通知公告, 办事指南) reach down the tree once published: a clerk of 恒盛社区 reads the county's and
/// 宝都街道's notices and guides in the lists, the API, search and the dashboard counts, but neither a draft of them nor
/// a case of the neighbouring 昌盛社区, and cannot edit them.
/// </summary>
public sealed class PublicationReachTests
{
    private const string Village = "370725001036";
    private const string Sibling = "370725001037";
    private const string CountyNotice = "demo-notice-county-0001";
    private const string TownNotice = "demo-notice-baodu-0001";
    private const string TownGuide = "demo-guide-cl-mz-001";
    private const string CountyGuide = "demo-guide-cl-sb-002";

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_village_clerk_reads_published_notices_and_guides_from_above(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var admin = await factory.CreateApiClientAsync();
        var draft = await CreateItemAsync(admin, "Notice", "370725", published: false, new JsonObject
        {
            ["Notice"] = new JsonObject
            {
                ["Title"] = new JsonObject { ["value"] = "县级草稿通知冬季走访补充" },
                ["Body"] = new JsonObject { ["value"] = "<p>草稿，尚未发布</p>" },
            },
        });
        var seeded = (await admin.GetFromJsonAsync<JsonObject>("/api/content/demo-opinion-hs-0001"))!;
        var opinion = (JsonObject)seeded["content"]!.DeepClone();
        opinion["OpinionReport"]!["Summary"] = new JsonObject { ["value"] = "昌盛社区路灯损坏需要更换" };
        opinion["ContactPart"] = new JsonObject { ["Name"] = new JsonObject { ["value"] = "李建国" }, ["Phone"] = new JsonObject { ["value"] = "13853600001" } };
        var siblingCase = await CreateItemAsync(admin, "OpinionReport", Sibling, published: true, opinion);

        await CreateAsync(factory, "hs-clerk", Village, "VillageStaff");
        using var api = await factory.CreateApiClientAsync("hs-clerk", Password);

        // API list: the village's own case, the notices and guides from above; no draft, no sibling's case.
        var list = (await api.GetFromJsonAsync<JsonObject>("/api/content?pageSize=100"))!;
        var ids = list["items"]!.AsArray().Select(i => i!["contentItemId"]!.GetValue<string>()).ToList();
        Assert.Contains("demo-opinion-hs-0001", ids);
        Assert.Contains(CountyNotice, ids);
        Assert.Contains(TownNotice, ids);
        Assert.Contains(TownGuide, ids);
        Assert.Contains(CountyGuide, ids);
        Assert.DoesNotContain(draft, ids);
        Assert.DoesNotContain(siblingCase, ids);
        Assert.Equal(ids.Count, list["total"]!.GetValue<int>());
        var guides = (await api.GetFromJsonAsync<JsonObject>("/api/content?type=ServiceGuide&pageSize=100"))!;
        Assert.Equal(6, guides["total"]!.GetValue<int>());

        // API item: the published notice reads; the draft and the sibling's case answer 404 like missing items.
        var notice = (await api.GetFromJsonAsync<JsonObject>($"/api/content/{CountyNotice}"))!;
        Assert.Equal("关于开展2026年冬季走访联系户工作的通知", notice["displayText"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/content/{TownGuide}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/content/{draft}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/content/{siblingCase}")).StatusCode);

        // Reading does not widen writing: the county notice cannot be changed, published or deleted.
        var put = await api.PutAsJsonAsync($"/api/content/{CountyNotice}", new { concurrencyStamp = notice["concurrencyStamp"]!.GetValue<string>(), content = notice["content"] });
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/content/{CountyNotice}/unpublish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/api/content/{CountyNotice}")).StatusCode);
        var unchanged = (await admin.GetFromJsonAsync<JsonObject>($"/api/content/{CountyNotice}"))!;
        Assert.True(unchanged["published"]!.GetValue<bool>());
        Assert.False(unchanged["deleted"]!.GetValue<bool>());

        // Screens: the list shows them, the item page reads without edit buttons, the editor answers 404.
        using var browser = await LoginAsync(factory, "hs-clerk");
        var page = await PageAsync(browser, "/admin/content");
        Assert.Contains($"/admin/content/item/{CountyNotice}", page);
        Assert.Contains($"/admin/content/item/{TownGuide}", page);
        Assert.DoesNotContain(draft, page);
        Assert.DoesNotContain(siblingCase, page);
        var display = await PageAsync(browser, $"/admin/content/item/{CountyNotice}");
        Assert.Contains("关于开展2026年冬季走访联系户工作的通知", display);
        Assert.DoesNotContain($"/admin/content/item/{CountyNotice}/edit", display);
        Assert.DoesNotContain($"/admin/content/item/{CountyNotice}/unpublish", display);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/admin/content/item/{CountyNotice}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/admin/content/item/{draft}")).StatusCode);

        // Dashboard counts: the county's and the town's notice, all six guides, the village's one report.
        var dashboard = await PageAsync(browser, "/admin");
        Assert.Equal(2, Card(dashboard, "data-type", "Notice"));
        Assert.Equal(6, Card(dashboard, "data-type", "ServiceGuide"));
        Assert.Equal(1, Card(dashboard, "data-type", "OpinionReport"));

        // Search: the published notice is found, the draft with the same words is not, nor the sibling's case.
        await SearchApiTests.IndexAsync(factory);
        var found = (await api.GetFromJsonAsync<JsonObject>("/api/search?q=" + Uri.EscapeDataString("走访") + "&pageSize=100"))!;
        var hits = found["hits"]!.AsArray().Select(h => (string?)h!["id"]).ToList();
        Assert.Contains(CountyNotice, hits);
        Assert.DoesNotContain(draft, hits);
        Assert.Equal(hits.Count, (int)found["total"]!);
        var lamps = (await api.GetFromJsonAsync<JsonObject>("/api/search?q=" + Uri.EscapeDataString("路灯") + "&pageSize=100"))!;
        Assert.DoesNotContain(lamps["hits"]!.AsArray(), h => (string?)h!["id"] == siblingCase);
        var everything = (await api.GetFromJsonAsync<JsonObject>("/api/search?pageSize=100"))!;
        var all = everything["hits"]!.AsArray().Select(h => (string?)h!["id"]).ToList();
        Assert.Contains(TownGuide, all);
        Assert.Contains(TownNotice, all);
        Assert.DoesNotContain(draft, all);
        Assert.DoesNotContain(siblingCase, all);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_case_type_stays_within_the_subtree_and_the_setting_is_edited_in_the_type(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var admin = await factory.CreateApiClientAsync();

        // The seeded types: notices and guides are publications, reports are cases.
        Assert.True((await admin.GetFromJsonAsync<JsonObject>("/api/content-types/Notice"))!["settings"]!["publication"]!.GetValue<bool>());
        Assert.True((await admin.GetFromJsonAsync<JsonObject>("/api/content-types/ServiceGuide"))!["settings"]!["publication"]!.GetValue<bool>());
        Assert.False((await admin.GetFromJsonAsync<JsonObject>("/api/content-types/OpinionReport"))!["settings"]!["publication"]!.GetValue<bool>());

        // Turning Notice back into a case: the clerk no longer reads the county notice.
        await CreateAsync(factory, "hs-clerk", Village, "VillageStaff");
        using var api = await factory.CreateApiClientAsync("hs-clerk", Password);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/content/{CountyNotice}")).StatusCode);
        var type = (await admin.GetFromJsonAsync<JsonObject>("/api/content-types/Notice"))!;
        type["settings"]!["publication"] = false;
        var saved = await admin.PutAsJsonAsync("/api/content-types/Notice", type);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/content/{CountyNotice}")).StatusCode);

        // The type editor shows the setting.
        using var browser = factory.CreateBrowserlikeClient();
        await GrassrootsFactory.SignInAsync(browser);
        var editor = await PageAsync(browser, "/admin/content-types/ServiceGuide");
        Assert.Contains("name=\"Form.Publication\"", editor);
        Assert.Contains("value=\"true\" selected=\"selected\"", editor);
    }

    private static async Task<string> CreateItemAsync(HttpClient admin, string type, string orgUnitCode, bool published, JsonObject content)
    {
        var response = await admin.PostAsJsonAsync($"/api/content/{type}", new { orgUnitCode, published, content });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["contentItemId"]!.GetValue<string>();
    }
}
