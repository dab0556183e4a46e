using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;
using static Grassroots.Tests.Users.UsersTestHelpers;

namespace Grassroots.Tests.Users;

public sealed class LockoutAndRateLimitTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Five_wrong_passwords_lock_the_account_until_an_administrator_unlocks_it(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        var clerk = await CreateUserAsync(factory, "lock-api", "370725001036", "VillageStaff");
        await CreateUserAsync(factory, "lock-form", "370725001036", "VillageStaff");
        using var client = factory.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.PostAsJsonAsync("/api/auth/token", new { userName = "lock-api", password = "Wrong-Pass-2026x" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var correct = await client.PostAsJsonAsync("/api/auth/token", new { userName = "lock-api", password = Password });
        Assert.Equal(HttpStatusCode.Unauthorized, correct.StatusCode);
        Assert.Contains("锁定", (await correct.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());

        var failed = (await AuditAsync(factory, "login.failed")).Where(e => e.UserName == "lock-api").ToList();
        Assert.Equal(5, failed.Count);
        Assert.All(failed, e => Assert.Equal("security", e.Category));
        Assert.Contains(await AuditAsync(factory, "login.lockedOut"), e => e.UserName == "lock-api");

        // The login form locks the same way.
        using var browser = factory.CreateBrowserlikeClient();
        for (var i = 0; i < 5; i++)
        {
            var html = await HtmlAsync(await LoginAsync(browser, "lock-form", "Wrong-Pass-2026x"));
            Assert.Contains(i < 4 ? "用户名或密码错误" : "已锁定", html);
        }

        var formCorrect = await LoginAsync(browser, "lock-form", Password);
        Assert.Equal(HttpStatusCode.OK, formCorrect.StatusCode);
        Assert.Contains("已锁定 15 分钟", await HtmlAsync(formCorrect));
        Assert.Equal(5, (await AuditAsync(factory, "login.failed")).Count(e => e.UserName == "lock-form"));
        Assert.Equal(2, (await AuditAsync(factory, "login.lockedOut")).Count(e => e.UserName == "lock-form"));

        // An administrator unlocks; the password works again.
        using var admin = await factory.CreateApiClientAsync();
        var list = await admin.GetFromJsonAsync<JsonArray>("/api/users?status=locked");
        Assert.Contains(list!, u => u!["userName"]!.GetValue<string>() == "lock-api");
        var unlock = await admin.PostAsync($"/api/users/{clerk.Id}/unlock", null);
        Assert.Equal(HttpStatusCode.OK, unlock.StatusCode);
        Assert.False((await unlock.Content.ReadFromJsonAsync<JsonObject>())!["isLockedOut"]!.GetValue<bool>());
        var again = await client.PostAsJsonAsync("/api/auth/token", new { userName = "lock-api", password = Password });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(await AuditAsync(factory, "user.unlocked"));
    }

    [Fact]
    public async Task Token_endpoint_answers_429_with_Retry_After_beyond_the_limit()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Security:LoginRateLimit:PermitLimit"] = "3",
        });
        using var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var r = await client.PostAsJsonAsync("/api/auth/token", new { userName = "nobody", password = "Whatever-2026x" });
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }

        var limited = await client.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = GrassrootsFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.Contains("过于频繁", (await limited.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());
    }
}
