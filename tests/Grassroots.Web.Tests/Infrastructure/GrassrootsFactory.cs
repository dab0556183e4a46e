using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Infrastructure;

/// <summary>
/// The real application on a real database, set up with the Changle County recipe and a known administrator password.
/// </summary>
public sealed class GrassrootsFactory : WebApplicationFactory<Program>
{
    public const string AdminUserName = "admin";

    /// <summary>Test-only password, passed through configuration exactly as an operator would.</summary>
    public const string AdminPassword = "Test-Admin-2026-pw";

    private readonly TestDatabase _database;
    private readonly Action<IServiceCollection>? _services;
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDatabase;

    /// <param name="database">The database the app runs on.</param>
    /// <param name="services">Test service overrides.</param>
    /// <param name="settings">Extra configuration.</param>
    /// <param name="ownsDatabase">When false, disposing the factory leaves the database for another factory (restart tests).</param>
    public GrassrootsFactory(TestDatabase database, Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null, bool ownsDatabase = true)
    {
        _database = database;
        _ownsDatabase = ownsDatabase;
        _services = services;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
    }

    public TestDatabase Database => _database;

    /// <summary>Creates a database of the kind and a factory on it.</summary>
    public static async Task<GrassrootsFactory> CreateAsync(DatabaseKind kind, Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null)
        => new(await TestDatabase.CreateAsync(kind), services, settings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Grassroots:DataPath", _database.DataPath);
        builder.UseSetting("Database:Provider", _database.Kind == DatabaseKind.Postgres ? "Postgres" : "Sqlite");
        builder.UseSetting("ConnectionStrings:Default", _database.ConnectionString ?? "");
        builder.UseSetting("Setup:AdminUserName", AdminUserName);
        builder.UseSetting("Setup:AdminPassword", AdminPassword);

        // Every test signs in from the same loopback address; tests of the limit itself set their own.
        builder.UseSetting("Security:LoginRateLimit:PermitLimit", "10000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    /// <summary>A client that does not follow redirects and keeps cookies.</summary>
    public HttpClient CreateBrowserlikeClient()
        => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static string AntiforgeryToken(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        Assert.True(match.Success, "The page has no antiforgery token.");
        return match.Groups[1].Value;
    }

    /// <summary>Signs a cookie client in through the login form, as a browser does.</summary>
    public static async Task SignInAsync(HttpClient client, string userName = AdminUserName, string password = AdminPassword)
    {
        var login = await client.GetStringAsync("/login");
        var post = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(login),
            ["UserName"] = userName,
            ["Password"] = password,
        }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, post.StatusCode);
    }

    /// <summary>A client with a bearer token for the user.</summary>
    public async Task<HttpClient> CreateApiClientAsync(string userName = AdminUserName, string password = AdminPassword)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json!["access_token"]!.GetValue<string>());
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            await _database.DisposeAsync();
        }
    }
}
