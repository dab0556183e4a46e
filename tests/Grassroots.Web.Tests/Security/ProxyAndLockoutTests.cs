using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;

namespace Grassroots.Tests.Security;

/// <summary>
/// Behind a known proxy the forwarded client address is the one that is limited (an IPv6 client by its /64), a header
/// from anyone else is ignored, and wrong passwords lock a user only from the address they came from.
/// </summary>
public sealed class ProxyAndLockoutTests
{
    [Fact]
    public async Task Behind_a_known_proxy_each_forwarded_client_has_its_own_sign_in_limit()
    {
        await using var factory = await StartAsync(DatabaseKind.Sqlite, proxy: true, permitLimit: 3);
        using var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, "203.0.113.5", "nobody", "Wrong-Pass-2026x")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await TokenAsync(client, "203.0.113.5", "nobody", "Wrong-Pass-2026x")).StatusCode);

        // Another office behind the same load balancer is not held back by the first one's attempts.
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(client, "198.51.100.7", GrassrootsFactory.AdminUserName, GrassrootsFactory.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_proxy_forwarded_headers_are_ignored()
    {
        await using var factory = await StartAsync(DatabaseKind.Sqlite, proxy: false, permitLimit: 3);
        using var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, $"203.0.113.{i + 1}", "nobody", "Wrong-Pass-2026x")).StatusCode);
        }

        // A made-up X-Forwarded-For does not buy a fresh bucket.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TokenAsync(client, "198.51.100.7", "nobody", "Wrong-Pass-2026x")).StatusCode);
    }

    [Fact]
    public async Task An_IPv6_client_is_limited_by_its_64_network()
    {
        await using var factory = await StartAsync(DatabaseKind.Sqlite, proxy: true, permitLimit: 3);
        using var client = factory.CreateClient();
        foreach (var address in new[] { "2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:abcd::3" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, address, "nobody", "Wrong-Pass-2026x")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await TokenAsync(client, "2001:db8:1:2:ffff:ffff:ffff:ffff", "nobody", "Wrong-Pass-2026x")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, "2001:db8:1:3::1", "nobody", "Wrong-Pass-2026x")).StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Guessing_from_outside_does_not_lock_the_administrator_out(DatabaseKind kind)
    {
        await using var factory = await StartAsync(kind, proxy: true, permitLimit: 1000);
        using var client = factory.CreateClient();
        const string attacker = "203.0.113.66";
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, attacker, GrassrootsFactory.AdminUserName, "Guess-Pass-2026x" + i)).StatusCode);
        }

        // The guessing address is locked out, even with the right password…
        var locked = await TokenAsync(client, attacker, GrassrootsFactory.AdminUserName, GrassrootsFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("锁定", (await locked.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>(), StringComparison.Ordinal);

        // …but the administrator at the county office signs in, and sees the lock in the user list.
        var office = await TokenAsync(client, "198.51.100.20", GrassrootsFactory.AdminUserName, GrassrootsFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, office.StatusCode);
        using var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", (await office.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>());
        admin.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.20");
        var lockedUsers = await admin.GetFromJsonAsync<JsonArray>("/api/users?status=locked");
        var entry = Assert.Single(lockedUsers!, u => u!["userName"]!.GetValue<string>() == GrassrootsFactory.AdminUserName)!;

        // Unlocking clears the lock at every address.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{entry["id"]!.GetValue<string>()}/unlock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(client, attacker, GrassrootsFactory.AdminUserName, GrassrootsFactory.AdminPassword)).StatusCode);
    }

    private static async Task<GrassrootsFactory> StartAsync(DatabaseKind kind, bool proxy, int permitLimit)
    {
        var settings = new Dictionary<string, string?> { ["Security:LoginRateLimit:PermitLimit"] = permitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (proxy)
        {
            // The load balancer runs on this machine: Kestrel sees every request come from loopback.
            settings["Security:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
            settings["Security:ForwardedHeaders:KnownProxies:1"] = "::1";
        }

        var factory = await GrassrootsFactory.CreateAsync(kind, settings: settings);
        factory.UseKestrel(0);
        factory.StartServer();
        return factory;
    }

    private static async Task<HttpResponseMessage> TokenAsync(HttpClient client, string forwardedFor, string userName, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { userName, password }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request);
    }
}
