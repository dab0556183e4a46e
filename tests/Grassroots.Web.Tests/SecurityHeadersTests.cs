using Grassroots.Tests.Infrastructure;

namespace Grassroots.Tests;

public sealed class SecurityHeadersTests
{
    [Fact]
    public async Task Pages_and_api_carry_security_headers()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = factory.CreateBrowserlikeClient();
        foreach (var path in new[] { "/login", "/", "/health", "/api/content" })
        {
            var response = await client.GetAsync(path);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("script-src 'self'", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            Assert.Equal("nosniff", string.Join("", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("DENY", string.Join("", response.Headers.GetValues("X-Frame-Options")));
        }

        // Cookies: the antiforgery cookie is HttpOnly and SameSite=Strict; the login page sets no auth cookie yet.
        using var fresh = factory.CreateBrowserlikeClient();
        var login = await fresh.GetAsync("/login");
        var cookies = login.Headers.GetValues("Set-Cookie").ToList();
        var af = Assert.Single(cookies, c => c.StartsWith("grassroots.af=", StringComparison.Ordinal));
        Assert.Contains("httponly", af, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", af, StringComparison.OrdinalIgnoreCase);
    }
}
