using Grassroots.Users;
using Grassroots.AuditTrail;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Commands;
using Grassroots.Audit;
using Grassroots.ContentManagement;
using Grassroots.Security;
using Grassroots.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Security;

/// <summary>User administration and the audit trail answer only inside the acting user's jurisdiction.</summary>
public sealed class UserAndAuditJurisdictionTests
{
    private const string Qiaoguan = "370725107";
    private const string Tuanbupo = "370725107277";
    private const string Hengsheng = "370725001036";

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_town_manager_manages_only_users_of_its_subtree_and_cannot_escalate(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await CreateTownManagerAsync(factory);
        await JurisdictionTestUsers.CreateAsync(factory, "tbp-clerk", Tuanbupo, "VillageStaff");
        await JurisdictionTestUsers.CreateAsync(factory, "hs-clerk", Hengsheng, "VillageStaff");
        var tbpId = await IdAsync(factory, "tbp-clerk");
        var hsId = await IdAsync(factory, "hs-clerk");

        var town = await factory.CreateApiClientAsync("town-manager", JurisdictionTestUsers.Password);

        // The list holds only users of 乔官镇's subtree.
        var list = (await town.GetFromJsonAsync<JsonArray>("/api/users"))!;
        var names = list.Select(u => u!["userName"]!.GetValue<string>()).ToList();
        Assert.Contains("tbp-clerk", names);
        Assert.Contains("town-manager", names);
        Assert.DoesNotContain("hs-clerk", names);
        Assert.DoesNotContain("admin", names);
        Assert.All(list, u => Assert.StartsWith(Qiaoguan, u!["orgUnitCode"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Empty((await town.GetFromJsonAsync<JsonArray>($"/api/users?orgUnit={Hengsheng}"))!);

        // A user outside answers like a missing one.
        Assert.Equal(HttpStatusCode.OK, (await town.GetAsync($"/api/users/{tbpId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await town.GetAsync($"/api/users/{hsId}")).StatusCode);
        var hsUpdate = await town.PutAsJsonAsync($"/api/users/{hsId}", Input("恒盛", Hengsheng, "VillageStaff"));
        Assert.Equal(HttpStatusCode.NotFound, hsUpdate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await town.PostAsync($"/api/users/{hsId}/reset-password", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await town.PostAsync($"/api/users/{hsId}/unlock", null)).StatusCode);

        // The dashboard screens answer the same way.
        var browser = await JurisdictionTestUsers.LoginAsync(factory, "town-manager");
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/admin/users/{hsId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/admin/users/hs-clerk")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/admin/users/{tbpId}")).StatusCode);
        var screen = await JurisdictionTestUsers.PageAsync(browser, "/admin/users");
        Assert.Contains("tbp-clerk", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("hs-clerk", screen, StringComparison.Ordinal);

        // VillageStaff carries ViewContent and EditContent, which the town manager lacks: it sees the clerk but may not
        // manage it (no escalation through someone else's account).
        var higher = await town.PutAsJsonAsync($"/api/users/{tbpId}", Input("团埠坡", Tuanbupo, "VillageStaff"));
        Assert.Equal(HttpStatusCode.Forbidden, higher.StatusCode);
        Assert.Equal(UserManagementRules.HigherPermissions, (await higher.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await town.PostAsync($"/api/users/{tbpId}/reset-password", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await town.PostAsync($"/api/users/{tbpId}/unlock", null)).StatusCode);

        // Once the manager holds those permissions itself, it manages the clerk, within the subtree.
        await GrantVillageStaffPermissionsAsync(factory, "TownManager");

        // Cannot move a user out of the subtree.
        var move = await town.PutAsJsonAsync($"/api/users/{tbpId}", Input("团埠坡", Hengsheng, "VillageStaff"));
        Assert.Equal(HttpStatusCode.BadRequest, move.StatusCode);
        var moveErrors = await ErrorsAsync(move);
        Assert.Contains("管辖范围", moveErrors["orgUnitCode"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        // Cannot grant Administrator nor a role holding permissions the manager lacks.
        foreach (var role in new[] { StandardPermissions.AdministratorRole, "CountyAdmin" })
        {
            var grant = await town.PutAsJsonAsync($"/api/users/{tbpId}", Input("团埠坡", Tuanbupo, "VillageStaff", role));
            Assert.Equal(HttpStatusCode.BadRequest, grant.StatusCode);
            Assert.Contains(role, (await ErrorsAsync(grant))["roles"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var create = await town.PostAsJsonAsync("/api/users", new { userName = "hs-new", displayName = "新人", orgUnitCode = Hengsheng, roles = Array.Empty<string>(), generatePassword = true });
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.True((await ErrorsAsync(create)).ContainsKey("orgUnitCode"));
        var createAdmin = await town.PostAsJsonAsync("/api/users", new { userName = "tbp-admin", displayName = "新人", orgUnitCode = Tuanbupo, roles = new[] { StandardPermissions.AdministratorRole }, generatePassword = true });
        Assert.Equal(HttpStatusCode.BadRequest, createAdmin.StatusCode);
        Assert.True((await ErrorsAsync(createAdmin)).ContainsKey("roles"));

        // Nothing of the refused changes was saved.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
            var tbp = (await users.FindByIdAsync(tbpId))!;
            Assert.Equal(Tuanbupo, tbp.OrgUnitCode);
            Assert.Equal(["VillageStaff"], await users.GetRolesAsync(tbp));
            Assert.Null(await users.FindByNameAsync("hs-new"));
            Assert.Null(await users.FindByNameAsync("tbp-admin"));
        }

        var town2 = await factory.CreateApiClientAsync("town-manager", JurisdictionTestUsers.Password);
        var grantVillage = await town2.PutAsJsonAsync($"/api/users/{tbpId}", Input("团埠坡文书", "370725107278", "VillageStaff"));
        Assert.Equal(HttpStatusCode.OK, grantVillage.StatusCode);
        var saved = (await grantVillage.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("370725107278", saved["orgUnitCode"]!.GetValue<string>());
        Assert.Equal("VillageStaff", Assert.Single(saved["roles"]!.AsArray())!.GetValue<string>());
        var reset = await town2.PostAsync($"/api/users/{tbpId}/reset-password", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        // The county administrator still sees and edits everyone.
        var admin = await factory.CreateApiClientAsync();
        var all = (await admin.GetFromJsonAsync<JsonArray>("/api/users"))!.Select(u => u!["userName"]!.GetValue<string>()).ToList();
        Assert.Contains("hs-clerk", all);
        Assert.Contains("tbp-clerk", all);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/users/{hsId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/users/{hsId}", Input("恒盛", Hengsheng, "VillageStaff", "CountyAdmin"))).StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_town_viewer_sees_only_audit_entries_of_its_subtree(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await CreateTownManagerAsync(factory);
        await UpdateAsync(factory, "demo-opinion-tbp-0001");
        await UpdateAsync(factory, "demo-opinion-hs-0001");

        var admin = await factory.CreateApiClientAsync();
        var town = await factory.CreateApiClientAsync("town-manager", JurisdictionTestUsers.Password);

        var townEntries = await EntriesAsync(town, "/api/audit?pageSize=200");
        Assert.NotEmpty(townEntries);
        Assert.Contains(townEntries, e => e["contentItemId"]?.GetValue<string>() == "demo-opinion-tbp-0001" && e["action"]!.GetValue<string>() == "content.updated");
        Assert.DoesNotContain(townEntries, e => e["contentItemId"]?.GetValue<string>() == "demo-opinion-hs-0001");
        Assert.DoesNotContain(townEntries, e => e["category"]!.GetValue<string>() == AuditCategories.Security);
        Assert.All(townEntries, e => Assert.StartsWith(Qiaoguan, e["orgUnitCode"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Empty(await EntriesAsync(town, "/api/audit?contentItemId=demo-opinion-hs-0001"));
        var townTotal = (await town.GetFromJsonAsync<JsonObject>("/api/audit?pageSize=1"))!["total"]!.GetValue<long>();
        Assert.Equal(townEntries.Count, townTotal);

        // The administrator (county) sees both items' entries and the log-ins.
        var adminEntries = await EntriesAsync(admin, "/api/audit?pageSize=200");
        var hsEntry = adminEntries.First(e => e["contentItemId"]?.GetValue<string>() == "demo-opinion-hs-0001");
        var tbpEntry = adminEntries.First(e => e["contentItemId"]?.GetValue<string>() == "demo-opinion-tbp-0001");
        Assert.Contains(adminEntries, e => e["category"]!.GetValue<string>() == AuditCategories.Security);
        Assert.True(adminEntries.Count > townEntries.Count);

        // One entry: outside answers 404, inside 200; the admin reads both.
        var hsSequence = hsEntry["sequence"]!.GetValue<long>();
        var tbpSequence = tbpEntry["sequence"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.NotFound, (await town.GetAsync($"/api/audit/{hsSequence}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await town.GetAsync($"/api/audit/{tbpSequence}")).StatusCode);
        var login = adminEntries.First(e => e["category"]!.GetValue<string>() == AuditCategories.Security)["sequence"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.NotFound, (await town.GetAsync($"/api/audit/{login}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/audit/{hsSequence}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/audit/{login}")).StatusCode);

        // The screen too.
        var browser = await JurisdictionTestUsers.LoginAsync(factory, "town-manager");
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/admin/audit/{hsSequence}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/admin/audit/{tbpSequence}")).StatusCode);
    }

    private static async Task CreateTownManagerAsync(GrassrootsFactory factory)
    {
        await JurisdictionTestUsers.GrantAsync(factory, "TownManager",
            UserPermissions.ManageUsers.Name, AuditTrailPermissions.ViewAuditTrail.Name, StandardPermissions.AccessAdminPanel.Name);
        await JurisdictionTestUsers.CreateAsync(factory, "town-manager", Qiaoguan, "TownManager");
    }

    private static async Task GrantVillageStaffPermissionsAsync(GrassrootsFactory factory, string roleName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<GrassrootsRole>>();
        var village = (await roles.FindByNameAsync("VillageStaff"))!;
        var target = (await roles.FindByNameAsync(roleName))!;
        var held = (await roles.GetClaimsAsync(target)).Select(c => c.Value).ToHashSet();
        foreach (var claim in (await roles.GetClaimsAsync(village)).Where(c => c.Type == GrassrootsRole.PermissionClaimType && !held.Contains(c.Value)))
        {
            Assert.True((await roles.AddClaimAsync(target, claim)).Succeeded);
        }
    }

    private static async Task<string> IdAsync(GrassrootsFactory factory, string userName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>().FindByNameAsync(userName))!.Id;
    }

    private static object Input(string displayName, string orgUnitCode, params string[] roles)
        => new { displayName, orgUnitCode, roles };

    private static async Task<JsonObject> ErrorsAsync(HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();

    private static async Task<List<JsonObject>> EntriesAsync(HttpClient client, string url)
        => (await client.GetFromJsonAsync<JsonObject>(url))!["items"]!.AsArray().Select(e => e!.AsObject()).ToList();

    private static async Task UpdateAsync(GrassrootsFactory factory, string id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var content = scope.ServiceProvider.GetRequiredService<IContentManager>();
        var latest = (await content.GetAsync(id, VersionOptions.Latest))!;
        var edit = latest.Clone();
        edit.SetFieldValue("OpinionReport", "Summary", JsonValue.Create("辖区审计测试：" + id));
        Assert.Equal(CommandStatus.Succeeded, (await content.UpdateAsync(edit, latest.ConcurrencyStamp, publish: false)).Status);
    }
}
