using System.Net;
using System.Text.RegularExpressions;
using Grassroots.Modules;
using Grassroots.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Search;

/// <summary>The staff search page /admin/search and the search box on the content lists.</summary>
public sealed partial class SearchPageTests
{
    private static async Task<HttpClient> SignInAsync(GrassrootsFactory factory)
    {
        var client = factory.CreateBrowserlikeClient();
        var html = await client.GetStringAsync("/login");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        var login = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = GrassrootsFactory.AdminUserName,
            ["Password"] = GrassrootsFactory.AdminPassword,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    [Fact]
    public async Task Page_shows_tips_results_with_highlights_facets_and_filter_chips()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        await SearchApiTests.IndexAsync(factory);
        using var client = await SignInAsync(factory);

        // Empty state: tips, no results section.
        var empty = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/search"));
        Assert.Contains("id=\"search-tips\"", empty);
        Assert.Contains("如“自来水”", empty);
        Assert.DoesNotContain("id=\"results\"", empty);
        Assert.Contains("href=\"/admin/search\"", empty); // the menu entry 检索 → 全文检索

        var raw = await client.GetStringAsync("/admin/search?q=" + Uri.EscapeDataString("自来水"));
        var html = WebUtility.HtmlDecode(raw);
        Assert.Contains($"data-hit=\"{SearchApiTests.SeededReport}\"", html);
        Assert.Contains($"href=\"/admin/content/item/{SearchApiTests.SeededReport}\"", html);
        // The snippet's <mark> is real markup (the service encoded the text), not escaped.
        Assert.Matches("search-snippet[^>]*>.*<mark>自来水</mark>", raw);
        Assert.Contains("data-facet=\"type\"", html);
        Assert.Contains("data-facet=\"village\"", html);
        Assert.Contains("恒盛社区", html);
        Assert.Contains("民情信息", html);
        Assert.Contains("type=OpinionReport", html); // a facet link

        // A facet applied: shown as a removable chip, and the link without it.
        var filtered = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/search?q=" + Uri.EscapeDataString("自来水") + "&type=OpinionReport&orgUnit=370725001036"));
        Assert.Contains("id=\"active-filters\"", filtered);
        Assert.Contains("类型：民情信息", filtered);
        Assert.Contains("组织：恒盛社区", filtered);
        Assert.Contains($"data-hit=\"{SearchApiTests.SeededReport}\"", filtered);
        Assert.Contains("href=\"/admin/search?q=%E8%87%AA%E6%9D%A5%E6%B0%B4&amp;orgUnit=370725001036\"", await client.GetStringAsync("/admin/search?q=" + Uri.EscapeDataString("自来水") + "&type=OpinionReport&orgUnit=370725001036"));

        // Zero results with a filter: suggests removing filters.
        var none = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/search?q=" + Uri.EscapeDataString("自来水") + "&orgUnit=370725107278&type=Notice"));
        Assert.Contains("id=\"no-results\"", none);
        Assert.Contains("清除全部筛选", none);

        // A bad date is reported in Chinese and kept in the box.
        var badDate = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/search?q=x&from=2026-02-30"));
        Assert.Contains("开始日期格式不对", badDate);
        Assert.Contains("value=\"2026-02-30\"", badDate);

        // No inline scripts.
        Assert.DoesNotMatch("<script(?![^>]*src=)[^>]*>", raw);
    }

    [Fact]
    public async Task Content_list_has_a_search_box_only_when_search_is_enabled()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = await SignInAsync(factory);

        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/content/OpinionReport"));
        Assert.Contains("id=\"fulltext-search\"", list);
        Assert.Contains("action=\"/admin/search\"", list);
        Assert.Contains("name=\"type\" value=\"OpinionReport\"", list);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IFeatureManager>().DisableAsync(["Grassroots.Search.Lucene"]);
        }

        var without = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/content/OpinionReport"));
        Assert.DoesNotContain("id=\"fulltext-search\"", without);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/search?q=x")).StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
