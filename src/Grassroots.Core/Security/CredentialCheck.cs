using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Grassroots.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Security;

/// <summary>
/// Checks every authenticated request (cookie or bearer token) against the user's current state: the security stamp the
/// credential was issued with must still be the user's, and the user must be neither disabled nor locked out. The state
/// is cached per node for at most <see cref="CredentialCheckOptions.CacheSeconds"/>; <see cref="GrassrootsUserManager"/>
/// drops the entry whenever it saves the user, so the node that makes a change sees it at once.
/// </summary>
internal sealed partial class CredentialCheck(
    GrassrootsDbContext db,
    IMemoryCache cache,
    IOptions<CredentialCheckOptions> options,
    TimeProvider clock,
    ILogger<CredentialCheck> logger)
{
    private sealed record UserState(string StampHash, bool IsDisabled, DateTimeOffset? LockoutEnd);

    /// <summary>The value of <see cref="CredentialClaims.StampHash"/> for a security stamp (SHA-256, base64url): the stamp itself never leaves the server.</summary>
    public static string Hash(string? stamp)
        => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("grassroots:stamp:" + stamp)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Forgets the cached state of a user (called whenever the user is saved).</summary>
    public static void Forget(IMemoryCache cache, string userId) => cache.Remove(CacheKey(userId));

    /// <summary>Why the credential no longer stands (for the log), or null when it does.</summary>
    public async Task<string?> RefusalAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal.FindFirstValue("sub");
        var stamp = principal.FindFirstValue(CredentialClaims.StampHash);
        if (id is null || stamp is null)
        {
            return "issued without a security stamp";
        }

        var state = await StateAsync(id, cancellationToken);
        if (state is null)
        {
            return "user no longer exists";
        }

        if (state.IsDisabled)
        {
            return "user is disabled";
        }

        if (state.LockoutEnd > clock.GetUtcNow())
        {
            return "user is locked out";
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(state.StampHash), Encoding.ASCII.GetBytes(stamp))
            ? null
            : "security stamp changed";
    }

    /// <summary>Cookie event: a cookie that no longer stands is rejected and removed; the request continues anonymous.</summary>
    public static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        if (!await StandsAsync(context.HttpContext, context.Principal, "cookie"))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    /// <summary>Bearer event: a token that no longer stands fails authentication (401).</summary>
    public static async Task ValidateTokenAsync(TokenValidatedContext context)
    {
        if (!await StandsAsync(context.HttpContext, context.Principal, "token"))
        {
            context.Fail("令牌已失效，请重新登录获取。");
        }
    }

    private static async Task<bool> StandsAsync(HttpContext http, ClaimsPrincipal? principal, string kind)
    {
        if (principal is null)
        {
            return true;
        }

        return await http.RequestServices.GetRequiredService<CredentialCheck>().StandsAsync(principal, kind, http.RequestAborted);
    }

    private async Task<bool> StandsAsync(ClaimsPrincipal principal, string kind, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(principal, cancellationToken) is not { } reason)
        {
            return true;
        }

        LogRefused(logger, kind, principal.FindFirstValue(ClaimTypes.Name) ?? "?", reason);
        return false;
    }

    private async Task<UserState?> StateAsync(string id, CancellationToken cancellationToken)
    {
        var seconds = Math.Clamp(options.Value.CacheSeconds, 0, CredentialCheckOptions.MaximumCacheSeconds);
        if (seconds == 0)
        {
            return await LoadAsync(id, cancellationToken);
        }

        return await cache.GetOrCreateAsync(CacheKey(id), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(seconds);
            return LoadAsync(id, cancellationToken);
        });
    }

    private async Task<UserState?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var row = await db.Users.AsNoTracking()
            .Where(u => u.Id == id)
            .Select(u => new { u.SecurityStamp, u.IsDisabled, u.LockoutEnd })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new UserState(Hash(row.SecurityStamp), row.IsDisabled, row.LockoutEnd);
    }

    private static string CacheKey(string userId) => "grassroots:credential:" + userId;

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Kind} of user {UserName} was refused: {Reason}.")]
    private static partial void LogRefused(ILogger logger, string kind, string userName, string reason);
}
