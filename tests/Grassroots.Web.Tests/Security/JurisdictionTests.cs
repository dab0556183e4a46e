using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;
using static Grassroots.Tests.Security.JurisdictionTestUsers;

namespace Grassroots.Tests.Security;

/// <summary>Staff act only inside their org unit's subtree; anything outside answers 404 like a missing item.</summary>
public sealed class JurisdictionTests
{
    private const string Tuanbupo = "370725107277";
    private const string Qiaoguan = "370725107";
    private const string Hengsheng = "demo-opinion-hs-0001";

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Village_clerk_sees_only_the_village_and_gets_404_outside(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await CreateAsync(factory, "tbp-clerk", Tuanbupo, "VillageStaff");
        using var api = await factory.CreateApiClientAsync("tbp-clerk", Password);

        // API list: total and items only from 团埠坡村, with the county's published notice and guides (publications
        // reach down the tree).
        var list = (await api.GetFromJsonAsync<JsonObject>("/api/content?pageSize=100"))!;
        var items = list["items"]!.AsArray();
        var cases = items.Where(i => i!["contentType"]!.GetValue<string>() == "OpinionReport").ToList();
        Assert.Equal(items.Count, list["total"]!.GetValue<int>());
        Assert.Equal(2, cases.Count);
        Assert.All(cases, i => Assert.Equal(Tuanbupo, i!["orgUnitCode"]!.GetValue<string>()));
        Assert.All(items.Except(cases), i => Assert.Equal("370725", i!["orgUnitCode"]!.GetValue<string>()));
        Assert.Contains(items, i => i!["contentItemId"]!.GetValue<string>() == "demo-opinion-tbp-0001");

        // Even asking for another org unit's subtree gives nothing.
        var other = (await api.GetFromJsonAsync<JsonObject>("/api/content?orgUnit=370725001"))!;
        Assert.Equal(0, other["total"]!.GetValue<int>());

        // Outside: 404 exactly like a missing item, for every verb.
        var missing = await api.GetAsync("/api/content/no-such-item");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/content/{Hengsheng}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/content/{Hengsheng}/versions")).StatusCode);
        var put = await api.PutAsJsonAsync($"/api/content/{Hengsheng}", new { concurrencyStamp = "x", content = new JsonObject() });
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/api/content/{Hengsheng}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/content/{Hengsheng}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/content/{Hengsheng}/reveal", JsonContent.Create(new { reason = "核实身份信息" }))).StatusCode);

        // Still there for the administrator (nothing was changed by the refused calls).
        using var admin = await factory.CreateApiClientAsync();
        var hs = (await admin.GetFromJsonAsync<JsonObject>($"/api/content/{Hengsheng}"))!;
        Assert.False(hs["deleted"]!.GetValue<bool>());

        // Creating into another unit is refused with a Chinese message on orgUnitCode; the default is the user's unit.
        var outside = await api.PostAsJsonAsync("/api/content/OpinionReport", new
        {
            orgUnitCode = "370725001036",
            content = new JsonObject { ["OpinionReport"] = new JsonObject { ["Summary"] = new JsonObject { ["value"] = "越权创建" } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        var problem = (await outside.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("管辖范围", problem["errors"]!["orgUnitCode"]![0]!.GetValue<string>());

        // Moving an own item out of the jurisdiction is refused too.
        var tbp = (await api.GetFromJsonAsync<JsonObject>("/api/content/demo-opinion-tbp-0001"))!;
        var move = await api.PutAsJsonAsync("/api/content/demo-opinion-tbp-0001", new { concurrencyStamp = tbp["concurrencyStamp"]!.GetValue<string>(), orgUnitCode = "370725001036" });
        Assert.Equal(HttpStatusCode.BadRequest, move.StatusCode);

        // Screens: list shows only the village's items; the outside item's detail and edit pages answer 404.
        using var browser = await LoginAsync(factory, "tbp-clerk");
        var page = await PageAsync(browser, "/admin/content");
        Assert.Contains("/admin/content/item/demo-opinion-tbp-0001", page);
        Assert.DoesNotContain(Hengsheng, page);
        Assert.DoesNotContain("demo-notice-baodu-0001", page);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/admin/content/item/{Hengsheng}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/admin/content/item/{Hengsheng}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/admin/content/item/{Hengsheng}/versions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/content/item/demo-opinion-tbp-0001")).StatusCode);

        // The new-item form defaults to the user's unit.
        var form = await PageAsync(browser, "/admin/content/OpinionReport/create");
        Assert.Contains($"value=\"{Tuanbupo}\"", form);

        // Dashboard counts: one village, no towns, the village's two reports, the county's notice.
        var dashboard = await PageAsync(browser, "/admin");
        Assert.Equal(0, Card(dashboard, "data-level", "town"));
        Assert.Equal(1, Card(dashboard, "data-level", "village"));
        Assert.Equal(2, Card(dashboard, "data-type", "OpinionReport"));
        Assert.Equal(1, Card(dashboard, "data-type", "Notice"));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Town_staff_sees_its_villages_and_nothing_of_another_town(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await CreateAsync(factory, "qg-staff", Qiaoguan, "TownStaff");
        using var api = await factory.CreateApiClientAsync("qg-staff", Password);

        var list = (await api.GetFromJsonAsync<JsonObject>("/api/content?pageSize=100"))!;
        var ids = list["items"]!.AsArray().Select(i => i!["contentItemId"]!.GetValue<string>()).ToList();
        Assert.Contains("demo-opinion-tbp-0001", ids);
        Assert.Contains("demo-opinion-tbp-0002", ids);
        Assert.DoesNotContain(Hengsheng, ids);
        Assert.DoesNotContain("demo-notice-baodu-0001", ids);
        Assert.Contains("demo-notice-county-0001", ids);
        Assert.Equal(ids.Count, list["total"]!.GetValue<int>());

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/content/demo-opinion-tbp-0002")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/content/demo-notice-baodu-0001")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync("/api/content/demo-notice-baodu-0001/unpublish", null)).StatusCode);

        // A town user may create in one of its villages (水沟涧村) but not in 宝都街道.
        var inside = await api.PostAsJsonAsync("/api/content/Notice", new
        {
            orgUnitCode = "370725107278",
            content = new JsonObject { ["Notice"] = new JsonObject { ["Title"] = new JsonObject { ["value"] = "水沟涧村通知" }, ["Body"] = new JsonObject { ["value"] = "<p>通知正文</p>" } } },
        });
        Assert.True(inside.StatusCode == HttpStatusCode.Created, await inside.Content.ReadAsStringAsync());
        var outside = await api.PostAsJsonAsync("/api/content/Notice", new
        {
            orgUnitCode = "370725001",
            content = new JsonObject { ["Notice"] = new JsonObject { ["Title"] = new JsonObject { ["value"] = "越权通知" }, ["Body"] = new JsonObject { ["value"] = "<p>通知正文</p>" } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("管辖范围", await outside.Content.ReadAsStringAsync());

        using var browser = await LoginAsync(factory, "qg-staff");
        var dashboard = await PageAsync(browser, "/admin");
        Assert.Equal(1, Card(dashboard, "data-level", "town"));
        Assert.Equal(0, Card(dashboard, "data-level", "county"));
        Assert.True(Card(dashboard, "data-level", "village") > 2);
        Assert.Equal(2, Card(dashboard, "data-type", "OpinionReport"));
        Assert.Equal(2, Card(dashboard, "data-type", "Notice"));

        var reports = await PageAsync(browser, "/admin/content/OpinionReport");
        Assert.Contains("demo-opinion-tbp-0001", reports);
        Assert.DoesNotContain(Hengsheng, reports);
    }

    [Fact]
    public async Task Attachment_of_an_item_outside_the_jurisdiction_answers_404()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var admin = await factory.CreateApiClientAsync();
        using var upload = new MultipartFormDataContent();
        var bytes = new ByteArrayContent("宝都街道会议纪要"u8.ToArray());
        bytes.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        upload.Add(bytes, "file", "纪要.txt");
        var uploaded = await admin.PostAsync("/api/attachments", upload);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var fileId = (await uploaded.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var created = await admin.PostAsJsonAsync("/api/content/Notice", new
        {
            orgUnitCode = "370725001",
            content = new JsonObject
            {
                ["Notice"] = new JsonObject
                {
                    ["Title"] = new JsonObject { ["value"] = "宝都街道会议通知" },
                    ["Body"] = new JsonObject { ["value"] = "<p>见附件</p>" },
                    ["Attachments"] = new JsonObject { ["value"] = new JsonArray(fileId) },
                },
            },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        await CreateAsync(factory, "tbp-clerk", Tuanbupo, "VillageStaff");
        await CreateAsync(factory, "bd-staff", "370725001", "TownStaff");
        using var clerk = await factory.CreateApiClientAsync("tbp-clerk", Password);
        using var town = await factory.CreateApiClientAsync("bd-staff", Password);
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync($"/attachments/{fileId}")).StatusCode);
        var ok = await town.GetAsync($"/attachments/{fileId}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("宝都街道会议纪要", await ok.Content.ReadAsStringAsync());
    }
}
