using Grassroots.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Net.Http.Headers;

namespace Grassroots.Core.Tests.Localization;

public sealed class CultureCookieTests
{
    [Fact]
    public void Writes_a_year_long_lax_cookie_readable_by_the_cookie_provider()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";

        CultureCookie.Write(context.Response, "EN");

        var cookie = SetCookieHeaderValue.Parse(context.Response.Headers.SetCookie.ToString());
        Assert.Equal(CookieRequestCultureProvider.DefaultCookieName, cookie.Name.ToString());
        var culture = CookieRequestCultureProvider.ParseCookieValue(Uri.UnescapeDataString(cookie.Value.ToString()));
        Assert.Equal("en", culture!.UICultures.Single().ToString());
        Assert.Equal(TimeSpan.FromDays(365), cookie.MaxAge);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);
        Assert.Equal("/", cookie.Path.ToString());
        Assert.True(cookie.Secure);
        Assert.False(cookie.HttpOnly);
    }

    [Fact]
    public void Is_not_secure_over_http()
    {
        var context = new DefaultHttpContext();

        CultureCookie.Write(context.Response, "zh-CN");

        Assert.False(SetCookieHeaderValue.Parse(context.Response.Headers.SetCookie.ToString()).Secure);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("")]
    public void Rejects_unsupported_cultures(string culture)
    {
        Assert.Throws<ArgumentException>(() => CultureCookie.Write(new DefaultHttpContext().Response, culture));
    }
}
