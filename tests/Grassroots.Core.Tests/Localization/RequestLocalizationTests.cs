using System.Globalization;
using System.Security.Claims;
using Grassroots.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Grassroots.Core.Tests.Localization;

public sealed class RequestLocalizationTests
{
    private readonly IOptions<RequestLocalizationOptions> _options;

    public RequestLocalizationTests()
    {
        var provider = new ServiceCollection().AddLogging().AddGrassrootsLocalization().BuildServiceProvider();
        _options = provider.GetRequiredService<IOptions<RequestLocalizationOptions>>();
    }

    [Fact]
    public void Options_list_Chinese_first_and_no_Accept_Language()
    {
        var options = _options.Value;

        Assert.Equal("zh-CN", options.DefaultRequestCulture.UICulture.Name);
        Assert.Equal(["zh-CN", "en"], options.SupportedUICultures!.Select(c => c.Name));
        Assert.Collection(
            options.RequestCultureProviders,
            p => Assert.Equal("culture", Assert.IsType<QueryStringRequestCultureProvider>(p).QueryStringKey),
            p => Assert.Equal(".AspNetCore.Culture", Assert.IsType<CookieRequestCultureProvider>(p).CookieName),
            p => Assert.IsType<ClaimRequestCultureProvider>(p));
    }

    [Fact]
    public async Task Browser_language_is_ignored()
    {
        Assert.Equal("zh-CN", await CultureOf(c => c.Request.Headers.AcceptLanguage = "en-US,en;q=0.9"));
    }

    [Fact]
    public async Task Query_string_picks_the_culture()
    {
        Assert.Equal("en", await CultureOf(c => c.Request.QueryString = new QueryString("?culture=en")));
        Assert.Equal("en", await CultureOf(c => c.Request.QueryString = new QueryString("?culture=en-US")));
        Assert.Equal("zh-CN", await CultureOf(c => c.Request.QueryString = new QueryString("?culture=fr")));
    }

    [Fact]
    public async Task Cookie_picks_the_culture_and_loses_to_the_query_string()
    {
        Assert.Equal("en", await CultureOf(c => c.Request.Headers.Cookie = ".AspNetCore.Culture=c%3Den%7Cuic%3Den"));
        Assert.Equal("zh-CN", await CultureOf(c =>
        {
            c.Request.Headers.Cookie = ".AspNetCore.Culture=c%3Den%7Cuic%3Den";
            c.Request.QueryString = new QueryString("?culture=zh-CN");
        }));
    }

    [Fact]
    public async Task User_claim_picks_the_culture_and_loses_to_the_cookie()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(GrassrootsCultures.ClaimType, "en")], "test"));

        Assert.Equal("en", await CultureOf(c => c.User = user));
        Assert.Equal("zh-CN", await CultureOf(c =>
        {
            c.User = user;
            c.Request.Headers.Cookie = ".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN";
        }));
    }

    private async Task<string> CultureOf(Action<HttpContext> arrange)
    {
        var context = new DefaultHttpContext();
        arrange(context);
        string? seen = null;
        var middleware = new RequestLocalizationMiddleware(
            _ =>
            {
                seen = CultureInfo.CurrentUICulture.Name;
                return Task.CompletedTask;
            },
            _options,
            NullLoggerFactory.Instance);

        await middleware.Invoke(context);

        Assert.Equal(seen, context.Features.Get<IRequestCultureFeature>()!.RequestCulture.UICulture.Name);
        return seen!;
    }
}
