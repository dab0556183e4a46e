using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grassroots.Localization;

/// <summary>Adds the request localization middleware configured by <c>AddGrassrootsLocalization</c>.</summary>
public static class LocalizationApplicationBuilderExtensions
{
    /// <summary>
    /// Sets the request's culture from <c>?culture=</c>, the culture cookie or the user's claim (zh-CN otherwise).
    /// Call after <c>UseAuthentication</c> so the claim is visible, and before anything that renders text.
    /// </summary>
    public static IApplicationBuilder UseGrassrootsLocalization(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value;
        return app.UseRequestLocalization(options);
    }
}
