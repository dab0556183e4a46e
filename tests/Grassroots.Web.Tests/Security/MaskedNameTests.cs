using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.Data;
using Grassroots.Security;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Grassroots.Tests.Security.JurisdictionTestUsers;

namespace Grassroots.Tests.Security;

/// <summary>
/// A name masked by its type (标题脱敏显示) is neither searchable nor shown in clear anywhere: search, the content
/// list's text filter, the inspection page, the content picker, the reveal audit entry; resident-ID and phone fields
/// are sensitive whatever their setting.
/// </summary>
public sealed class MaskedNameTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_masked_name_is_not_searchable_by_search_or_the_list_filter(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await MaskedHousehold.DefineAsync(factory);
        var id = await MaskedHousehold.CreateAsync(factory);
        await SearchApiTests.IndexAsync(factory);
        using var admin = await factory.CreateApiClientAsync();

        // The item is indexed (its address finds it) and the hit shows the masked name only.
        var byAddress = (await admin.GetFromJsonAsync<JsonObject>("/api/search?q=" + Uri.EscapeDataString("东风街")))!;
        var hit = Assert.Single(byAddress["hits"]!.AsArray(), h => (string?)h!["id"] == id)!;
        Assert.Equal(MaskedHousehold.MaskedName, (string?)hit["title"]);

        // Neither the name, a part of it, nor its masked form finds it; nor the phone (always sensitive).
        foreach (var q in new[] { MaskedHousehold.Name, "司马", "青云", MaskedHousehold.MaskedName, "title:司马青云", MaskedHousehold.Phone })
        {
            var found = await admin.GetAsync("/api/search?q=" + Uri.EscapeDataString(q));
            var body = await found.Content.ReadAsStringAsync();
            Assert.True(found.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, body);
            Assert.DoesNotContain(id, body);
        }

        // The content list's text filter: the name matches nothing, the address still matches.
        var byName = (await admin.GetFromJsonAsync<JsonObject>($"/api/content?type={MaskedHousehold.Type}&q=" + Uri.EscapeDataString("司马")))!;
        Assert.Equal(0, (int)byName["total"]!);
        var listed = (await admin.GetFromJsonAsync<JsonObject>($"/api/content?type={MaskedHousehold.Type}&q=" + Uri.EscapeDataString("东风街")))!;
        Assert.Equal(MaskedHousehold.MaskedName, (string?)Assert.Single(listed["items"]!.AsArray())!["displayText"]);
        var all = (await admin.GetFromJsonAsync<JsonObject>("/api/content?pageSize=100&q=" + Uri.EscapeDataString(MaskedHousehold.Name)))!;
        Assert.Equal(0, (int)all["total"]!);

        // The screen's filter as well.
        using var browser = await LoginAsync(factory, GrassrootsFactory.AdminUserName, GrassrootsFactory.AdminPassword);
        var page = await PageAsync(browser, $"/admin/content/{MaskedHousehold.Type}?q=" + Uri.EscapeDataString("司马青云"));
        Assert.DoesNotContain(id, page);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Phone_and_resident_id_fields_are_masked_even_when_declared_not_sensitive(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await MaskedHousehold.DefineAsync(factory);
        var id = await MaskedHousehold.CreateAsync(factory);
        using var admin = await factory.CreateApiClientAsync();

        var item = (await admin.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!;
        var content = item["content"]![MaskedHousehold.Type]!;
        Assert.Equal(MaskedHousehold.MaskedPhone, (string?)content["Phone"]!["value"]);
        Assert.Equal(MaskedHousehold.MaskedIdNumber, (string?)content["IdNumber"]!["value"]);
        // The field the masked display text comes from is masked with it.
        Assert.Equal(MaskedHousehold.MaskedName, (string?)content["HeadName"]!["value"]);
        Assert.Equal(MaskedHousehold.MaskedName, (string?)item["displayText"]);

        // The definition says so, and the field editor no longer offers turning it off.
        var type = (await admin.GetFromJsonAsync<JsonObject>($"/api/content-types/{MaskedHousehold.Type}"))!;
        Assert.All(type["fields"]!.AsArray().Where(f => (string?)f!["kind"] is "Phone" or "ResidentId"),
            f => Assert.True((bool)f!["settings"]!["sensitive"]!));
        using var browser = await LoginAsync(factory, GrassrootsFactory.AdminUserName, GrassrootsFactory.AdminPassword);
        var editor = await PageAsync(browser, $"/admin/content-types/{MaskedHousehold.Type}/fields/Phone");
        Assert.Contains("id=\"sensitive-always\"", editor);
        Assert.Matches("<input class=\"form-check-input\" type=\"checkbox\" id=\"Form_Sensitive\" checked disabled", editor);

        // The value is not in the list filter's index either.
        var byPhone = (await admin.GetFromJsonAsync<JsonObject>($"/api/content?type={MaskedHousehold.Type}&q={MaskedHousehold.Phone}"))!;
        Assert.Equal(0, (int)byPhone["total"]!);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Inspection_page_and_content_picker_show_the_masked_name(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await MaskedHousehold.DefineAsync(factory);
        var id = await MaskedHousehold.CreateAsync(factory);
        using var admin = await factory.CreateApiClientAsync();
        var visit = await admin.PutAsJsonAsync("/api/content-types/HelpVisit", new
        {
            displayName = "帮扶走访",
            fields = new object[]
            {
                new { name = "Summary", displayName = "走访情况", kind = "Text" },
                new { name = "Household", displayName = "走访家庭", kind = "ContentPicker", settings = new { allowedContentTypes = new[] { MaskedHousehold.Type } } },
            },
        });
        Assert.True(visit.IsSuccessStatusCode, await visit.Content.ReadAsStringAsync());
        await CreateAsync(factory, "tbp-clerk", MaskedHousehold.Village, "VillageStaff");
        using var clerk = await LoginAsync(factory, "tbp-clerk");

        var inspection = await PageAsync(clerk, $"/admin/inspections/item/{id}");
        Assert.Contains(MaskedHousehold.MaskedName, inspection);
        Assert.DoesNotContain(MaskedHousehold.Name, inspection);

        var picker = await PageAsync(clerk, "/admin/content/HelpVisit/create");
        Assert.Contains($"<option value=\"{id}\">{MaskedHousehold.MaskedName}</option>", picker);
        Assert.DoesNotContain(MaskedHousehold.Name, picker);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task The_reveal_audit_entry_names_the_item_masked(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await MaskedHousehold.DefineAsync(factory);
        var id = await MaskedHousehold.CreateAsync(factory);
        await GrantAsync(factory, "SensitiveViewer", StandardPermissions.ViewSensitiveData.Name);
        await CreateAsync(factory, "county-admin", "370725", "CountyAdmin", "SensitiveViewer");
        using var api = await factory.CreateApiClientAsync("county-admin", Password);

        var reveal = await api.PostAsJsonAsync($"/api/content/{id}/reveal", new { reason = "入户核实家庭情况" });
        Assert.Equal(HttpStatusCode.OK, reveal.StatusCode);
        var revealed = (await api.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!;
        Assert.Equal(MaskedHousehold.Name, (string?)revealed["displayText"]);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        var entry = Assert.Single(await db.Set<AuditEntryRecord>().Where(e => e.Action == "sensitive.revealed" && e.ContentItemId == id).ToListAsync());
        Assert.Equal($"查看「{MaskedHousehold.MaskedName}」的敏感信息", entry.Summary);
        Assert.DoesNotContain(MaskedHousehold.Name, entry.Data ?? "");
    }
}
