using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grassroots.Tests.Infrastructure;
using static Grassroots.Tests.Users.UsersTestHelpers;

namespace Grassroots.Tests.Users;

public sealed class UserAdministrationTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Admin_creates_a_user_whose_role_permissions_show_in_api_me(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var admin = await factory.CreateApiClientAsync();

        // Password policy, with Chinese messages per field.
        foreach (var bad in new[] { "short1A", "alllowercase123" })
        {
            var r = await admin.PostAsJsonAsync("/api/users", new { userName = "weak", displayName = "弱密码", orgUnitCode = "370725001036", password = bad });
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var errors = (await r.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["password"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
            Assert.Contains(errors, e => bad == "short1A" ? e.Contains("至少需要 10 个字符") : e.Contains("大写字母"));
        }

        var unknownUnit = await admin.PostAsJsonAsync("/api/users", new { userName = "x1", displayName = "某", orgUnitCode = "999999", generatePassword = true });
        Assert.Contains("不存在", (await unknownUnit.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["orgUnitCode"]![0]!.GetValue<string>());

        var created = await admin.PostAsJsonAsync("/api/users", new { userName = "hs-clerk", displayName = "王会计", orgUnitCode = "370725001036", roles = new[] { "VillageStaff" }, generatePassword = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var password = body["generatedPassword"]!.GetValue<string>();
        Assert.True(password.Length >= 10);
        Assert.Equal("恒盛社区居民委员会", body["user"]!["orgUnitName"]!.GetValue<string>());
        Assert.Single(await AuditAsync(factory, "user.created"));

        // The password was set by the administrator: the clerk chooses its own before getting a token.
        using var anon = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await anon.PostAsJsonAsync("/api/auth/token", new { userName = "hs-clerk", password })).StatusCode);
        using var clerkBrowser = await ChangeInitialPasswordAsync(factory, "hs-clerk", password);
        password = ChosenPassword;
        using var clerk = await factory.CreateApiClientAsync("hs-clerk", password);
        var me = (await clerk.GetFromJsonAsync<JsonObject>("/api/me"))!;
        Assert.Equal("王会计", me["displayName"]!.GetValue<string>());
        Assert.Equal("370725001036", me["orgUnit"]!["code"]!.GetValue<string>());
        Assert.Equal("恒盛社区居民委员会", me["orgUnit"]!["name"]!.GetValue<string>());
        Assert.Equal("/370725/370725001/370725001036/", me["orgUnit"]!["path"]!.GetValue<string>());
        Assert.Equal("VillageStaff", me["roles"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("村(社区)工作人员", me["roles"]![0]!["displayName"]!.GetValue<string>());
        Assert.DoesNotContain(me["permissions"]!.AsArray(), p => p!.GetValue<string>() == "ViewAuditTrail");

        // Non-administrators cannot manage users.
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsJsonAsync("/api/users", new { userName = "y" })).StatusCode);

        // Role edit is reflected at once.
        var role = (await admin.GetFromJsonAsync<JsonObject>("/api/roles/VillageStaff"))!;
        var permissions = role["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).Append("ViewAuditTrail").ToArray();
        var put = await admin.PutAsJsonAsync("/api/roles/VillageStaff", new { displayName = role["displayName"]!.GetValue<string>(), description = "村级", permissions });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        me = (await clerk.GetFromJsonAsync<JsonObject>("/api/me"))!;
        Assert.Contains(me["permissions"]!.AsArray(), p => p!.GetValue<string>() == "ViewAuditTrail");
        var audit = Assert.Single(await AuditAsync(factory, "role.updated"));
        Assert.Contains("ViewAuditTrail", audit.Data);

        // The administrator role cannot be deleted; unknown permissions are refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.DeleteAsync("/api/roles/Administrator")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/roles/VillageStaff", new { displayName = "x", permissions = new[] { "NoSuch" } })).StatusCode);
        var perms = (await admin.GetFromJsonAsync<JsonArray>("/api/permissions"))!;
        Assert.Contains(perms, p => p!["name"]!.GetValue<string>() == "ManageUsers" && p["category"]!.GetValue<string>() == "安全");

        // Reset password: the old one stops working, the new one is right but must be changed before a token is issued.
        var id = body["user"]!["id"]!.GetValue<string>();
        var reset = (await (await admin.PostAsync($"/api/users/{id}/reset-password", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsJsonAsync("/api/auth/token", new { userName = "hs-clerk", password })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anon.PostAsJsonAsync("/api/auth/token", new { userName = "hs-clerk", password = reset["password"]!.GetValue<string>() })).StatusCode);

        // Disabled users get no token.
        var disable = await admin.PutAsJsonAsync($"/api/users/{id}", new { displayName = "王会计", orgUnitCode = "370725001036", roles = new[] { "VillageStaff" }, isDisabled = true });
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsJsonAsync("/api/auth/token", new { userName = "hs-clerk", password = reset["password"]!.GetValue<string>() })).StatusCode);
        Assert.Single(await AuditAsync(factory, "user.disabled"));
    }

    [Fact]
    public async Task Two_factor_and_language_are_set_on_the_account_page()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        await CreateUserAsync(factory, "tbp-clerk", "370725107277", "VillageStaff");
        using var browser = factory.CreateBrowserlikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(browser, "tbp-clerk", Password)).StatusCode);

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/account"));
        var key = Regex.Match(page, "<code id=\"shared-key\"[^>]*>([^<]+)</code>").Groups[1].Value;
        Assert.Matches("^[a-z2-7]{4}( [a-z2-7]{1,4})+$", key);
        Assert.Contains("otpauth://totp/", page);

        var wrong = await PostFormAsync(browser, "/account", "/account/2fa/enable", new() { ["Code"] = "000000" });
        Assert.Contains("验证码错误", await HtmlAsync(wrong));
        var enable = await PostFormAsync(browser, "/account", "/account/2fa/enable", new() { ["Code"] = Totp(key) });
        Assert.Equal(HttpStatusCode.Redirect, enable.StatusCode);

        // The API now asks for the code.
        using var anon = factory.CreateClient();
        var noCode = await anon.PostAsJsonAsync("/api/auth/token", new { userName = "tbp-clerk", password = Password });
        Assert.Equal(HttpStatusCode.Unauthorized, noCode.StatusCode);
        Assert.Contains("两步验证", (await noCode.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());
        var withCode = await anon.PostAsJsonAsync("/api/auth/token", new { userName = "tbp-clerk", password = Password, code = Totp(key) });
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);

        // Language: English, applied at the next sign-in.
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(browser, "/account", "/account/culture", new() { ["culture"] = "en" })).StatusCode);
        using var fresh = factory.CreateBrowserlikeClient();
        var login = await LoginAsync(fresh, "tbp-clerk", Password);
        Assert.Equal("/login/2fa", login.Headers.Location!.OriginalString.Split('?')[0]);
        var second = await PostFormAsync(fresh, login.Headers.Location!.OriginalString, "/login/2fa", new() { ["Code"] = Totp(key) });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var dashboard = WebUtility.HtmlDecode(await fresh.GetStringAsync("/admin"));
        Assert.Contains("lang=\"en\"", dashboard);
        Assert.Contains("Dashboard", dashboard);
        Assert.NotEmpty(await AuditAsync(factory, "account.twoFactorEnabled"));
    }
}

public sealed class UsersScreensTests
{
    [Fact]
    public async Task User_and_role_screens_list_users_and_roles_for_administrators_only()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        await CreateUserAsync(factory, "grid-1", "370725107277", "GridMember");
        using var browser = factory.CreateBrowserlikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(browser, GrassrootsFactory.AdminUserName, GrassrootsFactory.AdminPassword)).StatusCode);
        var users = WebUtility.HtmlDecode(await browser.GetStringAsync("/admin/users?role=GridMember"));
        Assert.Contains("grid-1", users);
        Assert.DoesNotContain("<code>admin</code>", users);
        var roles = WebUtility.HtmlDecode(await browser.GetStringAsync("/admin/roles"));
        Assert.Contains("督查员", roles);
        Assert.Contains("系统管理员", roles);

        using var grid = factory.CreateBrowserlikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(grid, "grid-1", UsersTestHelpers.Password)).StatusCode);
        var denied = await grid.GetAsync("/admin/users");
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }
}
