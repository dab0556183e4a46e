using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Grassroots.Security;
using Grassroots.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Users;

internal static partial class UsersTestHelpers
{
    public const string Password = "Village-Pass-2026";

    public static async Task<GrassrootsUser> CreateUserAsync(GrassrootsFactory factory, string userName, string orgUnitCode, params string[] roles)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
        var user = new GrassrootsUser { UserName = userName, DisplayName = userName + "姓名", OrgUnitCode = orgUnitCode, CreatedUtc = DateTime.UtcNow };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join(";", result.Errors.Select(e => e.Description)));
        if (roles.Length > 0)
        {
            await users.AddToRolesAsync(user, roles);
        }

        return user;
    }

    public static async Task<List<Grassroots.Audit.AuditEntryRecord>> AuditAsync(GrassrootsFactory factory, string action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Grassroots.Data.GrassrootsDbContext>();
        return await db.Set<Grassroots.Audit.AuditEntryRecord>().AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Sequence).ToListAsync();
    }

    public static async Task<string> AntiforgeryAsync(HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        var token = TokenRegex().Match(html).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "no antiforgery token on " + url);
        return token;
    }

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string postUrl, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await AntiforgeryAsync(client, pageUrl);
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(fields));
    }

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string userName, string password)
        => PostFormAsync(client, "/login", "/login", new() { ["UserName"] = userName, ["Password"] = password });

    /// <summary>A password a user chose itself, after signing in with one an administrator set.</summary>
    public const string ChosenPassword = "Own-Choice-2026x";

    /// <summary>
    /// Signs in with a password someone else set, is sent to the password page, and chooses <paramref name="newPassword"/>
    /// there; returns the signed-in browser.
    /// </summary>
    public static async Task<HttpClient> ChangeInitialPasswordAsync(GrassrootsFactory factory, string userName, string password, string newPassword = ChosenPassword)
    {
        var browser = factory.CreateBrowserlikeClient();
        var login = await LoginAsync(browser, userName, password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.StartsWith("/account/password?returnUrl=", login.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var changed = await PostFormAsync(browser, login.Headers.Location.OriginalString, "/account/password", new()
        {
            ["CurrentPassword"] = password,
            ["NewPassword"] = newPassword,
            ["ConfirmPassword"] = newPassword,
            ["ReturnUrl"] = "/admin",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal("/admin", changed.Headers.Location!.OriginalString);
        return browser;
    }

    public static async Task<string> HtmlAsync(HttpResponseMessage response)
        => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits) over a base32 key.</summary>
    public static string Totp(string base32Key, DateTimeOffset? at = null)
    {
        var key = Base32Decode(base32Key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        var counter = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }

#pragma warning disable CA5350 // RFC 6238 authenticators use HMAC-SHA1
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32Decode(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in input.TrimEnd('='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c);
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. output];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
