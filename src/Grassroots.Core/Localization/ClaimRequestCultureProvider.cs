using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;

namespace Grassroots.Localization;

/// <summary>
/// Picks the culture from the signed-in user's <see cref="GrassrootsCultures.ClaimType"/> claim. Needs the
/// request localization middleware to run after authentication.
/// </summary>
internal sealed class ClaimRequestCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var culture = httpContext.User.FindFirst(GrassrootsCultures.ClaimType)?.Value;
        return string.IsNullOrWhiteSpace(culture)
            ? NullProviderCultureResult
            : Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(culture.Trim()));
    }
}
