using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;

namespace Grassroots.Localization;

/// <summary>Writes the culture cookie read by <see cref="CookieRequestCultureProvider"/>, for a language switch.</summary>
public static class CultureCookie
{
    /// <summary>How long the choice is remembered.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>
    /// Sets <c>.AspNetCore.Culture</c> to <paramref name="culture"/> (culture and UI culture) for a year:
    /// path <c>/</c>, SameSite=Lax, readable by scripts, Secure when the request is HTTPS, essential (the choice
    /// of language is not tracking, so it is kept without cookie consent).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="culture"/> is not one of <see cref="GrassrootsCultures.Supported"/>.</exception>
    public static void Write(HttpResponse response, string culture)
    {
        ArgumentNullException.ThrowIfNull(response);
        var supported = GrassrootsCultures.Supported.FirstOrDefault(c => string.Equals(c, culture, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Culture '{culture}' is not supported.", nameof(culture));

        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(supported)),
            new CookieOptions
            {
                Path = "/",
                MaxAge = Lifetime,
                Expires = DateTimeOffset.UtcNow.Add(Lifetime),
                HttpOnly = false,
                SameSite = SameSiteMode.Lax,
                Secure = response.HttpContext.Request.IsHttps,
                IsEssential = true,
            });
    }
}
