using System.Text.RegularExpressions;
using Grassroots.EndToEnd.Tests.Infrastructure;
using Grassroots.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Grassroots.EndToEnd.Tests;

/// <summary>
/// Every dashboard and portal screen looked at like a person would: in Chinese and English, on a county-office laptop
/// (1366×768) and on a phone (390×844). Each page answers 200, shows its heading, does not scroll sideways, passes
/// axe-core's WCAG 2 A/AA rules, and in English the dashboard menu holds no untranslated Chinese. Screenshots land in TestResults/screenshots/screens-*.
/// </summary>
[Collection("browser")]
public sealed partial class ScreensTests(BrowserFixture browser)
{
    /// <summary>A screen and the heading it must show in Chinese and in English (null: any non-empty heading).</summary>
    private sealed record Screen(string Path, string? Chinese, string? English);

    private static readonly Screen[] DashboardScreens =
    [
        new("/admin", "工作台", "Dashboard"),
        new("/admin/content", "全部内容", "All content"),
        new("/admin/content/OpinionReport", "民情信息", "民情信息"),
        new("/admin/content/item/demo-opinion-hs-0001", null, null),
        new("/admin/content/item/demo-opinion-hs-0001/edit", null, null),
        new("/admin/content/item/demo-opinion-hs-0001/versions", null, null),
        new("/admin/content-types", "内容类型", "Content types"),
        new("/admin/content-types/OpinionReport", "民情信息", "民情信息"),
        new("/admin/content-types/OpinionReport/fields/Summary", "编辑字段", "Edit field"),
        new("/admin/content-parts", "内容部件", "Content parts"),
        new("/admin/search", "全文检索", "Full-text search"),
        new("/admin/search?q=%E8%87%AA%E6%9D%A5%E6%B0%B4", "全文检索", "Full-text search"),
        new("/admin/features", "功能", "Features"),
        new("/admin/org-units", "组织机构", "Organization"),
        new("/admin/org-units?code=370725107", "组织机构", "Organization"),
        new("/admin/recipes", "配方", "Recipes"),
        new("/admin/users", "用户", "Users"),
        new("/admin/users/create", "新建用户", "New user"),
        new("/admin/users/admin", "编辑用户", "Edit user"),
        new("/admin/roles", "角色", "Roles"),
        new("/admin/roles/create", "新建角色", "New role"),
        new("/admin/roles/VillageStaff", "编辑角色", "Edit role"),
        new("/admin/roles/Administrator", "编辑角色", "Edit role"),
        new("/admin/tasks", "我的待办", "My tasks"),
        new("/account", "我的账号", "My account"),
        new("/admin/service", null, null),
        new("/admin/service/requests", null, null),
        new("/admin/service/requests/new", null, null),
        new("/admin/service/supervision", null, null),
        new("/admin/service/kpis", null, null),
        new("/admin/service/kpis/help", null, null),
        new("/admin/service/guides", null, null),
        new("/admin/service/network", null, null),
        new("/admin/service/network/points/370725001-R", null, null),
    ];

    private static readonly Screen[] PortalScreens =
    [
        new("/", null, null),
        new("/notices/demo-notice-county-0001", null, null),
        new("/service/guides", null, null),
        new("/service/guides/CL-MZ-001", null, null),
        new("/service/offices/370725001-R", null, null),
        new("/service/submit", null, null),
        new("/service/track", null, null),
        new("/service/disclosure", null, null),
        new("/service/disclosure/completed", null, null),
        new("/service/kpis/help", null, null),
    ];

    [Theory]
    [InlineData("zh-CN", 1366, 768)]
    [InlineData("en", 1366, 768)]
    [InlineData("zh-CN", 390, 844)]
    [InlineData("en", 390, 844)]
    public async Task Every_screen_shows_its_heading_fits_the_width_and_speaks_the_language(string culture, int width, int height)
    {
        await using var app = await AppServer.StartAsync();
        var workflowScreens = await SeedWorkflowAsync(app);
        var problems = new List<string>();
        await browser.RunPageAsync($"screens-{culture}-{width}", async page =>
        {
            var b = app.BaseUrl;

            // The content security policy forbids inline script: any page that still relies on it shows up here.
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"CSP violation on {page.Url}: {message.Text}");
                }
            };
            await page.SetViewportSizeAsync(width, height);
            await page.GotoAsync($"{b}/culture/{culture}?returnUrl=%2Flogin");
            await CheckAsync(page, b, new Screen("/login", "昌乐县基层社会治理平台", "Changle County Grassroots Governance Platform"), culture, width, problems);

            await ContentTypeAndItemTests.LogInAsync(page, b);
            foreach (var screen in DashboardScreens.Concat(workflowScreens).Concat(PortalScreens))
            {
                await CheckAsync(page, b, screen, culture, width, problems);
            }
        });

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>A workflow type with one finished instance, for the designer and viewer screens.</summary>
    private static async Task<Screen[]> SeedWorkflowAsync(AppServer app)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IWorkflowStore>().SaveTypeAsync(new WorkflowTypeDefinition
        {
            Id = "screens-demo",
            Name = "界面检查流程",
            Activities =
            [
                new() { Id = "start", Type = "Start", IsStart = true, X = 40, Y = 40 },
                new() { Id = "set", Type = "SetProperty", X = 40, Y = 200, Properties = new() { ["PropertyName"] = "done", ["Expression"] = "true", ["endedOutcomes"] = "Done" } },
            ],
            Transitions = [new() { SourceId = "start", Outcome = "Done", DestinationId = "set" }],
        });
        var instance = await scope.ServiceProvider.GetRequiredService<IWorkflowExecutor>().StartAsync("screens-demo", user: "admin");
        return
        [
            new("/admin/workflows/types", "工作流类型", "Workflow types"),
            new("/admin/workflows/types/new", "新建工作流", "New workflow"),
            new("/admin/workflows/types/screens-demo/edit", "设计工作流", "Design workflow"),
            new("/admin/workflows/types/opinion-village-review/edit", "设计工作流", "Design workflow"),
            new("/admin/workflows/instances", "工作流实例", "Workflow instances"),
            new("/admin/workflows/instances/" + instance.Id, "工作流实例", "Workflow instances"),
        ];
    }

    private static async Task CheckAsync(IPage page, string baseUrl, Screen screen, string culture, int width, List<string> problems)
    {
        var response = await page.GotoAsync(baseUrl + screen.Path);
        var where = $"{screen.Path} ({culture}, {width}px)";
        if (response is null || response.Status != 200)
        {
            problems.Add($"{where}: answered {response?.Status}");
            return;
        }

        var english = culture == "en";
        var expected = english ? screen.English : screen.Chinese;
        var heading = (await page.Locator("h1").First.InnerTextAsync()).Trim();
        if (heading.Length == 0 || (expected is not null && !heading.Contains(expected, StringComparison.Ordinal)))
        {
            problems.Add($"{where}: heading \"{heading}\", expected \"{expected ?? "(any)"}\"");
        }

        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        if (overflow)
        {
            var culprits = await page.EvaluateAsync<string>(WiderThanViewport);
            problems.Add($"{where}: scrolls sideways ({culprits})");
        }

        if (english && await page.Locator("#gr-sidebar").CountAsync() > 0)
        {
            var menu = await page.Locator("#gr-sidebar").TextContentAsync() ?? "";
            foreach (Match chinese in Chinese().Matches(menu))
            {
                problems.Add($"{where}: menu shows untranslated \"{chinese.Value}\"");
            }
        }

        foreach (var violation in await page.AccessibilityViolationsAsync())
        {
            problems.Add($"{where}: {violation.TrimStart()}");
        }

        var slug = screen.Path == "/" ? "home" : Slug().Replace(screen.Path.Trim('/'), "_");
        await BrowserFixture.ScreenshotAsync(page, $"screens-{culture}-{width}-{slug}");
    }

    /// <summary>The deepest elements reaching past the right edge, to say what to fix.</summary>
    private const string WiderThanViewport = """
        () => {
          const w = window.innerWidth + 1;
          const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w && !e.closest('.table-responsive')
            && ![...e.children].some(c => c.getBoundingClientRect().right > w));
          return 'scrollWidth ' + document.documentElement.scrollWidth + ': ' + wide.slice(0, 5).map(e =>
            e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '')
            + ' "' + (e.textContent || '').trim().slice(0, 30) + '"').join(', ');
        }
        """;

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}+")]
    private static partial Regex Chinese();

    [GeneratedRegex(@"[^A-Za-z0-9-]+")]
    private static partial Regex Slug();
}
