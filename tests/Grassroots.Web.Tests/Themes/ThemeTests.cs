using System.Net;
using System.Text.RegularExpressions;
using Grassroots.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Themes;

public sealed partial class ThemeTests
{
    private const string NoticeTitle = "关于开展2026年冬季走访联系户工作的通知";

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Portal_lists_published_notices_and_shows_them_but_not_drafts_or_other_types(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = factory.CreateBrowserlikeClient();

        var home = await GetHtmlAsync(client, "/");
        Assert.Contains(NoticeTitle, home);
        Assert.Contains("href=\"/notices/demo-notice-county-0001\"", home);
        Assert.Contains("href=\"/login\"", home);
        Assert.Contains("昌乐县", home);
        Assert.Matches(@"<time[^>]*>\d{4}-\d{2}-\d{2}</time>", home);
        Assert.DoesNotContain("恒盛社区3号楼", home); // an OpinionReport, not a notice

        var notice = await GetHtmlAsync(client, "/notices/demo-notice-county-0001");
        Assert.Contains(NoticeTitle, notice);
        Assert.Contains("<p>请各网格党员干部于12月底前完成联系户走访", notice);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/notices/demo-opinion-tbp-0002")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/notices/demo-opinion-hs-0001")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/notices/no-such-item")).StatusCode);
    }

    [Fact]
    public async Task Unpublished_notice_disappears_from_the_portal()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using (var scope = factory.Services.CreateScope())
        {
            var contents = scope.ServiceProvider.GetRequiredService<Grassroots.ContentManagement.IContentManager>();
            var result = await contents.UnpublishAsync("demo-notice-county-0001");
            Assert.Equal(Grassroots.Commands.CommandStatus.Succeeded, result.Status);
        }

        using var client = factory.CreateBrowserlikeClient();
        Assert.DoesNotContain(NoticeTitle, await GetHtmlAsync(client, "/"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/notices/demo-notice-county-0001")).StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Admin_home_requires_login_then_shows_the_dashboard_with_counts_and_menu(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = factory.CreateBrowserlikeClient();

        var anonymous = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/login", anonymous.Headers.Location!.PathAndQuery);

        await LogInAsync(client);
        var html = await GetHtmlAsync(client, "/admin");
        Assert.Contains("<h1 class=\"h3 mb-0\">工作台</h1>", html);
        Assert.Matches(StatRegex("town", 8), html);
        Assert.Matches(StatRegex("village", 392), html);
        Assert.Matches(StatRegex("county", 1), html);
        Assert.Contains("data-type=\"Notice\"", html);
        Assert.Contains("通知公告", html);

        // The menu: 工作台 entry with its icon, active on /admin, inside the offcanvas sidebar.
        Assert.Matches(new Regex("<a class=\"nav-link gr-menu-link active\" href=\"/admin\"[^>]*>\\s*<i class=\"bi bi-speedometer2"), html);
        Assert.Contains("offcanvas-lg", html);
        // Shell: site name, user, language switch back to this page, logout form with antiforgery token.
        Assert.Contains("昌乐县基层社会治理平台", html);
        Assert.Contains(GrassrootsFactory.AdminUserName, html);
        Assert.Contains("href=\"/culture/en?returnUrl=%2Fadmin\"", html);
        Assert.Matches(new Regex("<form method=\"post\" action=\"/logout\"[^>]*>\\s*<button[\\s\\S]*?name=\"__RequestVerificationToken\""), html);
    }

    [Fact]
    public async Task Admin_shell_speaks_English_by_query_string_and_by_the_language_switch()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = factory.CreateBrowserlikeClient();
        await LogInAsync(client);

        var english = await GetHtmlAsync(client, "/admin?culture=en");
        Assert.Contains("<h1 class=\"h3 mb-0\">Dashboard</h1>", english);
        Assert.Contains("<span>Dashboard</span>", english); // the menu item text is localized
        Assert.Contains("Sign out", english);
        Assert.Contains("Notices", english);

        var chinese = await GetHtmlAsync(client, "/admin");
        Assert.Contains("<span>工作台</span>", chinese);

        var sw = await client.GetAsync("/culture/en?returnUrl=%2Fadmin");
        Assert.Equal(HttpStatusCode.Redirect, sw.StatusCode);
        Assert.Equal("/admin", sw.Headers.Location!.OriginalString);
        var switched = await GetHtmlAsync(client, "/admin");
        Assert.Contains("<span>Dashboard</span>", switched);
        Assert.Contains("lang=\"en\"", switched);

        var portal = await GetHtmlAsync(client, "/");
        Assert.Contains("Notices", portal);
        Assert.Contains("Sign in", portal);
    }

    private static Regex StatRegex(string level, int count)
        => new($"data-level=\"{level}\"[\\s\\S]*?gr-stat-value text-body\">{count}</span>");

    private static async Task<string> GetHtmlAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static Task LogInAsync(HttpClient client) => GrassrootsFactory.SignInAsync(client);

}
