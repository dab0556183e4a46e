using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;

namespace Grassroots.Tests.Users;

public sealed class TokenApiTests
{
    [Fact]
    public async Task Token_is_issued_for_the_administrator_and_refused_for_a_wrong_password()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = factory.CreateClient();

        var wrong = await client.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = "not-the-password-1A" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);

        var ok = await client.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = GrassrootsFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = await ok.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Bearer", body!["token_type"]!.GetValue<string>());
        Assert.Equal(3600, body["expires_in"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(body["access_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Login_page_is_in_Chinese_and_carries_an_antiforgery_token()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = factory.CreateBrowserlikeClient();
        var html = await client.GetStringAsync("/login");
        Assert.Contains("工作人员登录", html);
        Assert.Contains("__RequestVerificationToken", html);

        var post = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin",
            ["Password"] = GrassrootsFactory.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
    }
}
