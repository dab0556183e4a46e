using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Grassroots.Localization;

/// <summary>Registers the platform's one localization mechanism: Chinese source strings, PO translations.</summary>
public static class LocalizationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <c>PoStringLocalizerFactory</c> as the <see cref="IStringLocalizerFactory"/> (in place of the resx
    /// one), <c>IHtmlLocalizer&lt;T&gt;</c> and <c>IViewLocalizer</c> on top of it, <see cref="PoLocalizationOptions"/>
    /// (content root from the host when not set) and <see cref="RequestLocalizationOptions"/>: cultures zh-CN
    /// (default) and en, chosen by <c>?culture=</c>, then the <c>.AspNetCore.Culture</c> cookie, then the user's
    /// <c>grassroots:culture</c> claim — never by Accept-Language, so the site is Chinese first.
    /// </summary>
    public static IServiceCollection AddGrassrootsLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddOptions<PoLocalizationOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<PoLocalizationOptions>, PoLocalizationOptionsSetup>());

        services.TryAddSingleton<PoTranslationStore>();
        services.RemoveAll<IStringLocalizerFactory>();
        services.AddSingleton<IStringLocalizerFactory, PoStringLocalizerFactory>();

        // What MvcBuilder.AddViewLocalization() registers, so views localize even when the host does not call it.
        services.TryAddSingleton<IHtmlLocalizerFactory, HtmlLocalizerFactory>();
        services.TryAddTransient(typeof(IHtmlLocalizer<>), typeof(HtmlLocalizer<>));
        services.TryAddTransient<IViewLocalizer, ViewLocalizer>();

        services.Configure<RequestLocalizationOptions>(ConfigureRequestLocalization);
        return services;
    }

    internal static void ConfigureRequestLocalization(RequestLocalizationOptions options)
    {
        var cultures = GrassrootsCultures.Supported.Select(CultureInfo.GetCultureInfo).ToList();
        options.DefaultRequestCulture = new RequestCulture(GrassrootsCultures.Chinese);
        options.SupportedCultures = cultures;
        options.SupportedUICultures = cultures;
        options.FallBackToParentCultures = true;
        options.FallBackToParentUICultures = true;
        options.ApplyCurrentCultureToResponseHeaders = true;
        options.RequestCultureProviders =
        [
            new QueryStringRequestCultureProvider { QueryStringKey = GrassrootsCultures.QueryStringKey, UIQueryStringKey = "ui-" + GrassrootsCultures.QueryStringKey },
            new CookieRequestCultureProvider { CookieName = CookieRequestCultureProvider.DefaultCookieName },
            new ClaimRequestCultureProvider(),
        ];
    }
}
