using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grassroots.Data;
using Grassroots.Security;
using Grassroots.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Grassroots.Tests.Users.UsersTestHelpers;

namespace Grassroots.Tests.Users;

/// <summary>
/// Stale credentials (issue 11, point 2) and passwords set by someone else (point 1): cookies and tokens are checked
/// against the user's security stamp and state on every request; a password an administrator set must be changed first.
/// </summary>
public sealed partial class CredentialTests
{
    private const string Village = "370725001036";

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Disabling_changing_roles_or_resetting_the_password_ends_existing_tokens_and_sessions(DatabaseKind kind)
    {
        // The default cache (15 s): the node that makes the change forgets the cached state at once.
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        var clerk = await CreateUserAsync(factory, "stale-clerk", Village, "VillageStaff");
        using var admin = await factory.CreateApiClientAsync();
        var edit = new { displayName = "王文书", orgUnitCode = Village, roles = new[] { "VillageStaff" } };

        // Role change.
        var (token, browser) = await SignInBothAsync(factory, "stale-clerk", Password);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/users/{clerk.Id}", new { edit.displayName, edit.orgUnitCode, roles = new[] { "GridMember" } })).StatusCode);
        await AssertCutOffAsync(token, browser);

        // Disable (and a disabled user gets nothing, not even with a fresh sign-in).
        (token, browser) = await SignInBothAsync(factory, "stale-clerk", Password);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/users/{clerk.Id}", new { edit.displayName, edit.orgUnitCode, isDisabled = true })).StatusCode);
        await AssertCutOffAsync(token, browser);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/users/{clerk.Id}", new { edit.displayName, edit.orgUnitCode, isDisabled = false })).StatusCode);

        // Password reset by an administrator.
        (token, browser) = await SignInBothAsync(factory, "stale-clerk", Password);
        var reset = (await (await admin.PostAsync($"/api/users/{clerk.Id}/reset-password", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        await AssertCutOffAsync(token, browser);

        // The user's own password change: this session goes on with a renewed cookie, every other credential ends.
        using var own = await ChangeInitialPasswordAsync(factory, "stale-clerk", reset["password"]!.GetValue<string>());
        (token, browser) = await SignInBothAsync(factory, "stale-clerk", ChosenPassword);
        var changed = await PostFormAsync(own, "/account", "/account/password", new()
        {
            ["CurrentPassword"] = ChosenPassword, ["NewPassword"] = "Second-Choice-2026x", ["ConfirmPassword"] = "Second-Choice-2026x",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync("/admin")).StatusCode);
        await AssertCutOffAsync(token, browser);

        // Five wrong passwords from elsewhere lock that address only (issue 11 point 8): an outsider guessing must not
        // end the user's sessions.
        (token, browser) = await SignInBothAsync(factory, "stale-clerk", "Second-Choice-2026x");
        using var anon = factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await anon.PostAsJsonAsync("/api/auth/token", new { userName = "stale-clerk", password = "Wrong-Pass-2026x" });
        }

        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/me")).StatusCode);

        // An account-wide lock (e.g. wrong passwords when turning two-factor sign-in off) does cut off what it had.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
            var user = (await users.FindByNameAsync("stale-clerk"))!;
            Assert.True((await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddMinutes(15))).Succeeded);
        }

        await AssertCutOffAsync(token, browser);
        token.Dispose();
        browser.Dispose();
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_user_disabled_behind_the_platforms_back_is_refused_once_the_cache_is_past(DatabaseKind kind)
    {
        // Another node (here: a direct database change) disables the user without touching the stamp; with the cache at
        // zero this node reads the state on the next request.
        await using var factory = await GrassrootsFactory.CreateAsync(kind, settings: new Dictionary<string, string?> { ["Security:CredentialCheck:CacheSeconds"] = "0" });
        await CreateUserAsync(factory, "other-node", Village, "VillageStaff");
        var (token, browser) = await SignInBothAsync(factory, "other-node", Password);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GrassrootsDbContext>();
            Assert.Equal(1, await db.Users.Where(u => u.UserName == "other-node").ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true)));
        }

        await AssertCutOffAsync(token, browser);
        token.Dispose();
        browser.Dispose();
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_password_set_by_an_administrator_must_be_changed_at_the_next_sign_in(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var admin = await factory.CreateApiClientAsync();
        var created = (await (await admin.PostAsJsonAsync("/api/users", new { userName = "new-clerk", displayName = "新文书", orgUnitCode = Village, roles = new[] { "VillageStaff" }, password = "Admin-Chose-2026x" })).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(created["user"]!["mustChangePassword"]!.GetValue<bool>());
        var id = created["user"]!["id"]!.GetValue<string>();

        // No token: a Chinese problem saying why.
        using var anon = factory.CreateClient();
        var refused = await anon.PostAsJsonAsync("/api/auth/token", new { userName = "new-clerk", password = "Admin-Chose-2026x" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("请先修改密码", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());
        Assert.Contains(await AuditAsync(factory, "login.passwordChangeRequired"), e => e.UserName == "new-clerk");

        // The cookie sign-in lands on the password page; every other page and API call sends it back there.
        using var browser = factory.CreateBrowserlikeClient();
        var login = await LoginAsync(browser, "new-clerk", "Admin-Chose-2026x");
        Assert.Equal("/account/password?returnUrl=%2Fadmin", login.Headers.Location!.OriginalString);
        foreach (var url in new[] { "/admin", "/account", "/admin/content/OpinionReport" })
        {
            var sent = await browser.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
            Assert.Equal($"/account/password?returnUrl={Uri.EscapeDataString(url)}", sent.Headers.Location!.OriginalString);
        }

        var api = await browser.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("请先修改密码", (await api.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());
        var page = await HtmlAsync(await browser.GetAsync("/account/password?returnUrl=%2Fadmin"));
        Assert.Contains("您的密码由管理员设置", page, StringComparison.Ordinal);

        // Keeping the administrator's password is not a change.
        var same = await PostFormAsync(browser, "/account/password", "/account/password", new()
        {
            ["CurrentPassword"] = "Admin-Chose-2026x", ["NewPassword"] = "Admin-Chose-2026x", ["ConfirmPassword"] = "Admin-Chose-2026x", ["ReturnUrl"] = "/admin",
        });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Contains("新密码不能与当前密码相同", await HtmlAsync(same), StringComparison.Ordinal);

        var changed = await PostFormAsync(browser, "/account/password", "/account/password", new()
        {
            ["CurrentPassword"] = "Admin-Chose-2026x", ["NewPassword"] = ChosenPassword, ["ConfirmPassword"] = ChosenPassword, ["ReturnUrl"] = "/admin",
        });
        Assert.Equal("/admin", changed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anon.PostAsJsonAsync("/api/auth/token", new { userName = "new-clerk", password = ChosenPassword })).StatusCode);
        Assert.False(await MustChangeAsync(factory, id));

        // A reset sets the flag again (and ends the session that was open).
        var reset = (await (await admin.PostAsync($"/api/users/{id}/reset-password", null)).Content.ReadFromJsonAsync<JsonObject>())!["password"]!.GetValue<string>();
        Assert.True(await MustChangeAsync(factory, id));
        Assert.Equal("/login", (await browser.GetAsync("/admin")).Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, (await anon.PostAsJsonAsync("/api/auth/token", new { userName = "new-clerk", password = reset })).StatusCode);
        using var again = factory.CreateBrowserlikeClient();
        Assert.StartsWith("/account/password", (await LoginAsync(again, "new-clerk", reset)).Headers.Location!.OriginalString, StringComparison.Ordinal);

        // The setup administrator with a configured password is not sent there.
        using var setupAdmin = factory.CreateBrowserlikeClient();
        Assert.Equal("/admin", (await LoginAsync(setupAdmin, GrassrootsFactory.AdminUserName, GrassrootsFactory.AdminPassword)).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Turning_two_factor_sign_in_off_asks_for_the_current_password()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        var user = await CreateUserAsync(factory, "twofa-clerk", Village, "VillageStaff");
        using var browser = factory.CreateBrowserlikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(browser, "twofa-clerk", Password)).StatusCode);
        var key = SharedKey().Match(await HtmlAsync(await browser.GetAsync("/account"))).Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(browser, "/account", "/account/2fa/enable", new() { ["Code"] = Totp(key) })).StatusCode);
        Assert.True(await TwoFactorAsync(factory, user.Id));

        var missing = await PostFormAsync(browser, "/account", "/account/2fa/disable", []);
        Assert.Contains("请填写当前密码", await HtmlAsync(missing), StringComparison.Ordinal);
        var wrong = await PostFormAsync(browser, "/account", "/account/2fa/disable", new() { ["DisablePassword"] = "Wrong-Pass-2026x" });
        Assert.Contains("当前密码错误", await HtmlAsync(wrong), StringComparison.Ordinal);
        Assert.True(await TwoFactorAsync(factory, user.Id));
        Assert.Contains(await AuditAsync(factory, "account.twoFactorDisableRefused"), e => e.UserName == "twofa-clerk");

        var right = await PostFormAsync(browser, "/account", "/account/2fa/disable", new() { ["DisablePassword"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.False(await TwoFactorAsync(factory, user.Id));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task An_existing_database_gains_the_must_change_password_column(DatabaseKind kind)
    {
        var database = await TestDatabase.CreateAsync(kind);
        await using (var factory = new GrassrootsFactory(database, ownsDatabase: false))
        {
            // Make it a version-3 database: no column, migration at 3.
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GrassrootsDbContext>();
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AspNetUsers\" DROP COLUMN \"MustChangePassword\"");
            await db.Database.ExecuteSqlRawAsync("UPDATE \"DataMigrations\" SET \"Version\" = 3 WHERE \"Name\" = 'Grassroots.Data.CoreMigrations'");
        }

        await using (var factory = new GrassrootsFactory(database))
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GrassrootsDbContext>();
            Assert.Equal(4, await db.DataMigrations.Where(m => m.Name == "Grassroots.Data.CoreMigrations").Select(m => m.Version).SingleAsync());
            Assert.False(await db.Users.Where(u => u.UserName == GrassrootsFactory.AdminUserName).Select(u => u.MustChangePassword).SingleAsync());

            // The upgraded database works end to end: the administrator signs in, a reset sets the flag.
            using var admin = await factory.CreateApiClientAsync();
            var clerk = await CreateUserAsync(factory, "upgraded-clerk", Village, "VillageStaff");
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{clerk.Id}/reset-password", null)).StatusCode);
            Assert.True(await MustChangeAsync(factory, clerk.Id));
        }
    }

    /// <summary>A bearer token and a cookie session of the user, both working.</summary>
    private static async Task<(HttpClient Token, HttpClient Browser)> SignInBothAsync(GrassrootsFactory factory, string userName, string password)
    {
        var token = await factory.CreateApiClientAsync(userName, password);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/me")).StatusCode);
        var browser = factory.CreateBrowserlikeClient();
        Assert.Equal("/admin", (await LoginAsync(browser, userName, password)).Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).StatusCode);
        return (token, browser);
    }

    /// <summary>The token answers 401 and the cookie session is sent to the login page.</summary>
    private static async Task AssertCutOffAsync(HttpClient token, HttpClient browser)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/users")).StatusCode);
        var page = await browser.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login", page.Headers.Location!.AbsolutePath);
    }

    private static Task<bool> MustChangeAsync(GrassrootsFactory factory, string id) => UserFlagAsync(factory, id, u => u.MustChangePassword);

    private static Task<bool> TwoFactorAsync(GrassrootsFactory factory, string id) => UserFlagAsync(factory, id, u => u.TwoFactorEnabled);

    private static async Task<bool> UserFlagAsync(GrassrootsFactory factory, string id, Func<GrassrootsUser, bool> flag)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return flag((await scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>().FindByIdAsync(id))!);
    }

    [GeneratedRegex("<code id=\"shared-key\"[^>]*>([^<]+)</code>")]
    private static partial Regex SharedKey();
}
