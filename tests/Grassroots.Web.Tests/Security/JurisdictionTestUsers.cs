using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Grassroots.Security;
using Grassroots.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Security;

/// <summary>Real users of the default roles, created through the user manager, and cookie log-in for screens.</summary>
internal static partial class JurisdictionTestUsers
{
    public const string Password = "Unit-Pass-2026-pw";

    public static async Task CreateAsync(GrassrootsFactory factory, string userName, string orgUnitCode, params string[] roles)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
        var user = new GrassrootsUser { UserName = userName, DisplayName = userName, OrgUnitCode = orgUnitCode, CreatedUtc = DateTime.UtcNow };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        foreach (var role in roles)
        {
            var added = await users.AddToRoleAsync(user, role);
            Assert.True(added.Succeeded, string.Join("; ", added.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>Creates (or extends) a role holding the permissions.</summary>
    public static async Task GrantAsync(GrassrootsFactory factory, string roleName, params string[] permissions)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<GrassrootsRole>>();
        var role = await roles.FindByNameAsync(roleName);
        if (role is null)
        {
            role = new GrassrootsRole { Name = roleName };
            Assert.True((await roles.CreateAsync(role)).Succeeded);
        }

        foreach (var permission in permissions)
        {
            Assert.True((await roles.AddClaimAsync(role, new Claim(GrassrootsRole.PermissionClaimType, permission))).Succeeded);
        }
    }

    public static async Task<HttpClient> LoginAsync(GrassrootsFactory factory, string userName, string password = Password)
    {
        var client = factory.CreateBrowserlikeClient();
        var login = await client.GetStringAsync("/login");
        var signIn = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(login),
            ["UserName"] = userName,
            ["Password"] = password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    public static async Task<string> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    public static string Token(string html) => TokenPattern().Match(html).Groups[1].Value;

    /// <summary>The number on a dashboard card (<c>data-level</c> or <c>data-type</c>).</summary>
    public static int Card(string html, string attribute, string value)
    {
        var match = Regex.Match(html, attribute + "=\"" + Regex.Escape(value) + "\".*?gr-stat-value[^>]*>(\\d+)<", RegexOptions.Singleline);
        Assert.True(match.Success, $"card {attribute}={value} not found");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
