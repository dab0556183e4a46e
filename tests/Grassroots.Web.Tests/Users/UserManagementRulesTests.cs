using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grassroots.Security;
using Grassroots.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static Grassroots.Tests.Users.UsersTestHelpers;

namespace Grassroots.Tests.Users;

/// <summary>
/// Who may manage whom (issue 11, point 1): a user inside the actor's jurisdiction whose permissions are a subset of the
/// actor's; a system administrator only by a system administrator; never the last enabled one disabled or demoted.
/// </summary>
public sealed partial class UserManagementRulesTests
{
    private const string County = "370725";
    private const string Qiaoguan = "370725107";

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_county_admin_cannot_reset_edit_disable_unlock_or_demote_the_administrator(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await CreateUserAsync(factory, "county-admin", County, "CountyAdmin");
        var adminId = await IdAsync(factory, GrassrootsFactory.AdminUserName);
        using var county = await factory.CreateApiClientAsync("county-admin", Password);

        // It sees the administrator (the whole county is its jurisdiction) but may not manage it.
        var seen = (await county.GetFromJsonAsync<JsonObject>($"/api/users/{adminId}"))!;
        Assert.False(seen["canManage"]!.GetValue<bool>());

        await AssertRefusedAsync(await county.PostAsync($"/api/users/{adminId}/reset-password", null), UserManagementRules.AdministratorsOnly);
        await AssertRefusedAsync(await county.PutAsJsonAsync($"/api/users/{adminId}", new { displayName = "被接管", orgUnitCode = County, isDisabled = true }), UserManagementRules.AdministratorsOnly);
        await AssertRefusedAsync(await county.PutAsJsonAsync($"/api/users/{adminId}", new { displayName = "系统管理员", orgUnitCode = County, roles = Array.Empty<string>() }), UserManagementRules.AdministratorsOnly);
        await AssertRefusedAsync(await county.PostAsync($"/api/users/{adminId}/unlock", null), UserManagementRules.AdministratorsOnly);

        // The dashboard offers no action and refuses the posts too.
        using var browser = factory.CreateBrowserlikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(browser, "county-admin", Password)).StatusCode);
        var page = await HtmlAsync(await browser.GetAsync($"/admin/users/{adminId}"));
        Assert.Contains(UserManagementRules.AdministratorsOnly, page, StringComparison.Ordinal);
        Assert.Contains("用户详情", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"action=\"/admin/users/{adminId}", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"IsDisabled\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("重置密码", page, StringComparison.Ordinal);
        var list = await HtmlAsync(await browser.GetAsync("/admin/users"));
        Assert.Matches($"href=\"/admin/users/{adminId}\">查看</a>", list);
        Assert.DoesNotMatch($"href=\"/admin/users/{adminId}\">编辑</a>", list);

        foreach (var (url, fields) in new (string, Dictionary<string, string>)[]
        {
            ($"/admin/users/{adminId}/reset-password", []),
            ($"/admin/users/{adminId}/unlock", []),
            ($"/admin/users/{adminId}", new() { ["DisplayName"] = "被接管", ["OrgUnitCode"] = County, ["IsDisabled"] = "true" }),
        })
        {
            var refused = await PostFormAsync(browser, "/admin/users", url, fields);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var html = await HtmlAsync(refused);
            Assert.Contains(UserManagementRules.AdministratorsOnly, html, StringComparison.Ordinal);
            Assert.DoesNotContain("one-time-password", html, StringComparison.Ordinal);
        }

        // Nothing changed: the administrator is enabled, keeps its role and signs in with its own password.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
            var admin = (await users.FindByIdAsync(adminId))!;
            Assert.False(admin.IsDisabled);
            Assert.False(admin.MustChangePassword);
            Assert.Equal("系统管理员", admin.DisplayName);
            Assert.True(await users.IsInRoleAsync(admin, StandardPermissions.AdministratorRole));
        }

        using var again = await factory.CreateApiClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/me")).StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_county_admin_manages_lower_users_only_and_a_put_without_roles_keeps_them(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await CreateUserAsync(factory, "county-admin", County, "CountyAdmin");
        var inspector = await CreateUserAsync(factory, "inspector-1", County, "Inspector");
        var town = await CreateUserAsync(factory, "town-clerk", Qiaoguan, "TownStaff");
        using var county = await factory.CreateApiClientAsync("county-admin", Password);

        // 督查员 holds CommentAsInspector, which 县级管理员 lacks.
        Assert.False((await county.GetFromJsonAsync<JsonObject>($"/api/users/{inspector.Id}"))!["canManage"]!.GetValue<bool>());
        await AssertRefusedAsync(await county.PostAsync($"/api/users/{inspector.Id}/reset-password", null), UserManagementRules.HigherPermissions);
        await AssertRefusedAsync(await county.PutAsJsonAsync($"/api/users/{inspector.Id}", new { displayName = "改名", orgUnitCode = County }), UserManagementRules.HigherPermissions);
        await AssertRefusedAsync(await county.PutAsJsonAsync($"/api/users/{inspector.Id}", new { displayName = "改名", orgUnitCode = County, roles = new[] { "TownStaff" } }), UserManagementRules.HigherPermissions);
        await AssertRefusedAsync(await county.PostAsync($"/api/users/{inspector.Id}/unlock", null), UserManagementRules.HigherPermissions);

        // 镇街工作人员 holds only permissions 县级管理员 holds: managed. A PUT without roles keeps them.
        Assert.True((await county.GetFromJsonAsync<JsonObject>($"/api/users/{town.Id}"))!["canManage"]!.GetValue<bool>());
        var renamed = await county.PutAsJsonAsync($"/api/users/{town.Id}", new { displayName = "乔官镇文书", orgUnitCode = Qiaoguan });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var saved = (await renamed.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("乔官镇文书", saved["displayName"]!.GetValue<string>());
        Assert.Equal(["TownStaff"], saved["roles"]!.AsArray().Select(r => r!.GetValue<string>()));

        // An empty list still removes them all; roles come back through an explicit list.
        var none = (await (await county.PutAsJsonAsync($"/api/users/{town.Id}", new { displayName = "乔官镇文书", orgUnitCode = Qiaoguan, roles = Array.Empty<string>() })).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Empty(none["roles"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await county.PutAsJsonAsync($"/api/users/{town.Id}", new { displayName = "乔官镇文书", orgUnitCode = Qiaoguan, roles = new[] { "TownStaff" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await county.PostAsync($"/api/users/{town.Id}/unlock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await county.PostAsync($"/api/users/{town.Id}/reset-password", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await county.PutAsJsonAsync($"/api/users/{town.Id}", new { displayName = "乔官镇文书", orgUnitCode = Qiaoguan, isDisabled = true })).StatusCode);
        Assert.True((await county.GetFromJsonAsync<JsonObject>($"/api/users/{town.Id}"))!["isDisabled"]!.GetValue<bool>());

        // The dashboard list offers editing the town clerk and only viewing the inspector.
        using var browser = factory.CreateBrowserlikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(browser, "county-admin", Password)).StatusCode);
        var list = await HtmlAsync(await browser.GetAsync("/admin/users"));
        Assert.Matches($"href=\"/admin/users/{town.Id}\">编辑</a>", list);
        Assert.Matches($"href=\"/admin/users/{inspector.Id}\">查看</a>", list);
        var inspectorPage = await HtmlAsync(await browser.GetAsync($"/admin/users/{inspector.Id}"));
        Assert.Contains(UserManagementRules.HigherPermissions, inspectorPage, StringComparison.Ordinal);
        Assert.DoesNotContain("重置密码", inspectorPage, StringComparison.Ordinal);
        Assert.Contains("重置密码", await HtmlAsync(await browser.GetAsync($"/admin/users/{town.Id}")), StringComparison.Ordinal);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task The_last_enabled_administrator_is_never_disabled_or_demoted(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        var adminId = await IdAsync(factory, GrassrootsFactory.AdminUserName);
        using var admin = await factory.CreateApiClientAsync();

        // Alone: not even by itself.
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/users/{adminId}", new { displayName = "系统管理员", orgUnitCode = County, isDisabled = true }), UserManagementRules.LastAdministrator);
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/users/{adminId}", new { displayName = "系统管理员", orgUnitCode = County, roles = new[] { "CountyAdmin" } }), UserManagementRules.LastAdministrator);

        // With a second administrator, one may disable the other; the one left is then the last.
        var second = await CreateUserAsync(factory, "admin-2", County, StandardPermissions.AdministratorRole);
        using var admin2 = await factory.CreateApiClientAsync("admin-2", Password);
        Assert.True((await admin2.GetFromJsonAsync<JsonObject>($"/api/users/{adminId}"))!["canManage"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, (await admin2.PutAsJsonAsync($"/api/users/{adminId}", new { displayName = "系统管理员", orgUnitCode = County, isDisabled = true })).StatusCode);
        await AssertRefusedAsync(await admin2.PutAsJsonAsync($"/api/users/{second.Id}", new { displayName = "二号管理员", orgUnitCode = County, isDisabled = true }), UserManagementRules.LastAdministrator);
        await AssertRefusedAsync(await admin2.PutAsJsonAsync($"/api/users/{second.Id}", new { displayName = "二号管理员", orgUnitCode = County, roles = Array.Empty<string>() }), UserManagementRules.LastAdministrator);

        // The dashboard form says so too.
        using var browser = factory.CreateBrowserlikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(browser, "admin-2", Password)).StatusCode);
        var form = await PostFormAsync(browser, $"/admin/users/{second.Id}", $"/admin/users/{second.Id}", new()
        {
            ["DisplayName"] = "二号管理员", ["OrgUnitCode"] = County, ["IsDisabled"] = "false",
        });
        Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
        Assert.Contains(UserManagementRules.LastAdministrator, await HtmlAsync(form), StringComparison.Ordinal);

        // Any other path through the user manager is refused as well.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
            var last = (await users.FindByIdAsync(second.Id))!;
            var demoted = await users.RemoveFromRoleAsync(last, StandardPermissions.AdministratorRole);
            Assert.Equal(UserManagementRules.LastAdministrator, Assert.Single(demoted.Errors).Description);
            last.IsDisabled = true;
            var disabled = await users.UpdateAsync(last);
            Assert.Equal(UserManagementRules.LastAdministrator, Assert.Single(disabled.Errors).Description);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
            var last = (await users.FindByIdAsync(second.Id))!;
            Assert.False(last.IsDisabled);
            Assert.True(await users.IsInRoleAsync(last, StandardPermissions.AdministratorRole));
        }

        // Re-enabled, the first administrator (with a new token: disabling ended the old one) may demote the second.
        Assert.Equal(HttpStatusCode.OK, (await admin2.PutAsJsonAsync($"/api/users/{adminId}", new { displayName = "系统管理员", orgUnitCode = County, isDisabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/api/me")).StatusCode);
        using var adminAgain = await factory.CreateApiClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await adminAgain.PutAsJsonAsync($"/api/users/{second.Id}", new { displayName = "二号管理员", orgUnitCode = County, roles = new[] { "CountyAdmin" } })).StatusCode);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(reason, problem["title"]!.GetValue<string>());
        Assert.Equal(403, problem["status"]!.GetValue<int>());
    }

    internal static async Task<string> IdAsync(GrassrootsFactory factory, string userName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>().FindByNameAsync(userName))!.Id;
    }
}
