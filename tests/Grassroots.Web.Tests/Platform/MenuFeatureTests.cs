using System.Net;
using System.Text.RegularExpressions;
using Grassroots.Tests.Infrastructure;

namespace Grassroots.Tests.Platform;

/// <summary>The running site's dashboard menu follows a feature change at once, without a restart.</summary>
public sealed partial class MenuFeatureTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Disabling_content_types_removes_its_menu_entry_and_screen_and_enabling_brings_them_back(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var api = await factory.CreateApiClientAsync();
        using var browser = factory.CreateBrowserlikeClient();
        await LogInAsync(browser);

        var menu = await MenuAsync(browser);
        Assert.Contains("href=\"/admin/content-types\"", menu);
        Assert.Contains("内容类型", menu);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/content-types")).StatusCode);

        var disable = await api.PostAsync("/api/features/Grassroots.ContentTypes/disable", null);
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);

        menu = await MenuAsync(browser);
        Assert.DoesNotContain("href=\"/admin/content-types\"", menu);
        Assert.DoesNotContain("href=\"/admin/content-parts\"", menu);
        Assert.DoesNotContain("内容类型", menu);
        Assert.Contains("href=\"/admin/features\"", menu);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/admin/content-types")).StatusCode);

        var enable = await api.PostAsync("/api/features/Grassroots.ContentTypes/enable", null);
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);

        menu = await MenuAsync(browser);
        Assert.Contains("href=\"/admin/content-types\"", menu);
        Assert.Contains("内容类型", menu);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/content-types")).StatusCode);
    }

    /// <summary>The sidebar of /admin (the dashboard page itself may mention the same words).</summary>
    private static async Task<string> MenuAsync(HttpClient client)
    {
        var response = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var sidebar = SidebarRegex().Match(html);
        Assert.True(sidebar.Success, "The dashboard has no sidebar menu.");
        return sidebar.Value;
    }

    private static Task LogInAsync(HttpClient client) => GrassrootsFactory.SignInAsync(client);

    [GeneratedRegex("<aside[^>]*id=\"gr-sidebar\".*?</aside>", RegexOptions.Singleline)]
    private static partial Regex SidebarRegex();

}
