using System.Text.RegularExpressions;
using Grassroots.Data;
using Grassroots.EndToEnd.Tests.Infrastructure;
using Grassroots.Localization;
using Grassroots.Security;
using Grassroots.ServiceRequests.Models;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Grassroots.EndToEnd.Tests;

/// <summary>
/// The whole assembly line in a browser: 宝都街道 publishes a guide; a resident finds it on the portal, submits online and
/// tracks it with the receipt code and the tracking password (查询密码) from the receipt; the town room dispatches and the 民政窗口 accepts and completes it from the task inbox;
/// the resident answers the follow-up online; the public 办件公示 page counts it.
/// </summary>
[Collection("browser")]
public sealed partial class ServiceRequestFlowTests(BrowserFixture browser)
{
    private const string Password = "Town-Pass-2026x";
    private const string Room = "370725001-R";
    private const string Window = "370725001-R-W-MZ";
    private const string ItemCode = "CL-MZ-901";
    private const string ItemName = "残疾人两项补贴申请";

    [Fact]
    public async Task Guide_online_request_dispatch_completion_follow_up_and_public_figures()
    {
        await using var app = await AppServer.StartAsync();
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
            foreach (var (name, display) in new[] { ("bd-office", "宝都街道群众工作室"), ("bd-mz", "宝都街道民政窗口") })
            {
                var user = new GrassrootsUser { UserName = name, DisplayName = display, OrgUnitCode = "370725001", CreatedUtc = DateTime.UtcNow };
                Assert.True((await users.CreateAsync(user, Password)).Succeeded);
                Assert.True((await users.AddToRoleAsync(user, "TownStaff")).Succeeded);
            }

            // The town's staff table and the window's authority catalogue (maintained in 服务网点与权责清单).
            var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
            db.Set<ServicePointStaff>().AddRange(
                new ServicePointStaff { PointCode = Room, UserName = "bd-office", IsDispatcher = true },
                new ServicePointStaff { PointCode = Window, UserName = "bd-mz" });
            db.Set<ServiceAuthority>().Add(new ServiceAuthority { PointCode = Window, ItemCode = ItemCode });
            await db.SaveChangesAsync();
        }

        var b = app.BaseUrl;
        var month = BusinessTime.ToBusinessDate(DateTime.UtcNow).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        string totalsBefore = "";
        await browser.RunPageAsync("service-public-before", async page =>
        {
            await page.GotoAsync($"{b}/service/disclosure?month={month}");
            totalsBefore = await page.InnerTextAsync("#disclosure-towns tfoot");
            await page.AssertAccessibleAsync("disclosure of the month");
        });

        // 1. The town office publishes a guide.
        await browser.RunPageAsync("service-guide-publish", async page =>
        {
            await LoginAsync(page, b, "bd-office");
            await page.GotoAsync(b + "/admin/content/ServiceGuide/create");
            await page.AssertAccessibleAsync("new service guide form");
            await page.FillAsync("#orgUnitCode", "370725001");
            await page.FillAsync("#f_ServiceGuide_ItemCode", ItemCode);
            await page.FillAsync("#f_ServiceGuide_ItemName", ItemName);
            await page.FillAsync("#f_ServiceGuide_Office", Room);
            await page.FillAsync("#f_ServiceGuide_Window", Window);
            await page.FillAsync("#f_ServiceGuide_Procedure", "申请人提出申请\n镇(街道)民政办受理审核\n县残联、民政局审批");
            await page.FillAsync("#f_ServiceGuide_Materials", "申请表\n居民身份证\n残疾人证");
            await page.FillAsync("#f_ServiceGuide_Fees", "免费");
            await page.SelectOptionAsync("#f_ServiceGuide_TimeLimitKind", "promised");
            await page.FillAsync("#f_ServiceGuide_TimeLimitDays", "10");
            await page.FillAsync("#f_ServiceGuide_Contact", "宝都街道民政办 0536-6212345");
            await page.ClickAsync("button[name=submit][value=publish]");
            await page.WaitForURLAsync(new Regex("/admin/content/item/"));
            Assert.Contains(ItemName, await page.InnerTextAsync("main"));
            await page.AssertAccessibleAsync("published service guide");
        });

        // 2. A resident finds it on the portal, submits online and tracks it with the receipt code and the tracking password.
        var receipt = "";
        var secret = "";
        await browser.RunPageAsync("service-resident-submit", async page =>
        {
            await page.GotoAsync(b + "/service/guides?q=" + Uri.EscapeDataString("残疾人"));
            await page.AssertAccessibleAsync("guides found by a search");
            await page.ClickAsync($"a[href='/service/guides/{ItemCode}']");
            await page.WaitForURLAsync(b + "/service/guides/" + ItemCode);
            var guide = await page.InnerTextAsync("main");
            Assert.Contains("残疾人证", guide);
            Assert.Contains("10", guide);
            await BrowserFixture.ScreenshotAsync(page, "service-guide-portal");
            await page.AssertAccessibleAsync("guide on the portal");

            await page.ClickAsync($"a[href='/service/submit?item={ItemCode}']");
            await page.AssertAccessibleAsync("online submission form");
            await page.FillAsync("#Name", "王小强");
            await page.FillAsync("#Phone", "13812345678");
            await page.SelectOptionAsync("#TownCode", "370725001");
            await page.SelectOptionAsync("#VillageCode", "370725001036");
            await page.FillAsync("#Description", "本人肢体残疾二级，申请残疾人两项补贴。");
            await page.ClickAsync("form[action='/service/submit'] button[type=submit]");
            receipt = (await page.InnerTextAsync("[data-receipt-code]")).Trim();
            Assert.Matches(ReceiptPattern(), receipt);
            secret = (await page.InnerTextAsync("[data-tracking-code]")).Trim();
            Assert.Matches(SecretPattern(), secret);
            await BrowserFixture.ScreenshotAsync(page, "service-receipt");
            await page.AssertAccessibleAsync("receipt");

            // The receipt code alone opens nothing; with the password (typed in lower case) the status page.
            await page.GotoAsync(b + "/service/track/" + receipt);
            Assert.DoesNotContain("已受理，待分派", await page.InnerTextAsync("main"));
            await page.AssertAccessibleAsync("tracking form for a receipt code");
            await page.GotoAsync(b + "/service/track");
            await page.FillAsync("#code", receipt);
            await page.FillAsync("#TrackingCode", secret.ToLowerInvariant());
            await page.ClickAsync("form[action='/service/track'] button[type=submit]");
            var status = await page.InnerTextAsync("main");
            Assert.Contains(ItemName, status);
            Assert.Contains("已受理，待分派", status);
            await page.AssertAccessibleAsync("status page");
        });

        // 3. The town room dispatches from its task inbox; the window accepts and completes from its own.
        await browser.RunPageAsync("service-dispatch", async page =>
        {
            await LoginAsync(page, b, "bd-office");
            await page.GotoAsync(b + "/admin/tasks");
            await page.AssertAccessibleAsync("town room's task inbox");
            var card = page.Locator("[data-task-id]", new() { HasTextString = receipt });
            await card.Locator("a[data-handler-link]").ClickAsync();
            await page.WaitForURLAsync(new Regex("/admin/service/requests/"));
            await page.AssertAccessibleAsync("request awaiting dispatch");
            await page.SelectOptionAsync("#d-window", Window);
            await page.ClickAsync("form[data-action=dispatch] button[type=submit]");
            Assert.Contains("待签收", await page.InnerTextAsync("main"));
            await page.AssertAccessibleAsync("request dispatched to the window");
        });

        await browser.RunPageAsync("service-window", async page =>
        {
            await LoginAsync(page, b, "bd-mz");
            await page.GotoAsync(b + "/admin/tasks");
            await page.AssertAccessibleAsync("window's task inbox");
            var card = page.Locator("[data-task-id]", new() { HasTextString = receipt });
            await card.Locator("a[data-handler-link]").ClickAsync();
            await page.WaitForURLAsync(new Regex("/admin/service/requests/"));
            await page.AssertAccessibleAsync("request awaiting acceptance");
            await page.ClickAsync("form[data-action=accept] button[type=submit]");
            Assert.Contains("办理中", await page.InnerTextAsync("main"));
            await BrowserFixture.ScreenshotAsync(page, "service-handling");
            await page.AssertAccessibleAsync("request being handled");

            await page.GotoAsync(b + "/admin/tasks");
            await page.AssertAccessibleAsync("window's task inbox after accepting");
            card = page.Locator("[data-task-id]", new() { HasTextString = receipt });
            await card.Locator("a[data-handler-link]").ClickAsync();
            await page.WaitForURLAsync(new Regex("/admin/service/requests/"));
            await page.AssertAccessibleAsync("request being handled, before completion");
            await page.FillAsync("#c-result", "经审核符合条件，已纳入残疾人两项补贴发放名单，自下月起发放。");
            await page.ClickAsync("form[data-action=complete] button[type=submit]");
            Assert.Contains("已办结", await page.InnerTextAsync("main"));
            await page.AssertAccessibleAsync("completed request");
        });

        // 4. The resident answers the follow-up online.
        await browser.RunPageAsync("service-follow-up", async page =>
        {
            await page.GotoAsync(b + "/service/track/" + receipt);
            await page.FillAsync("#TrackingCode", secret);
            await page.ClickAsync("form[action='/service/track'] button[type=submit]");
            Assert.Contains("已办结", await page.InnerTextAsync("main"));
            await page.AssertAccessibleAsync("completed request for the resident");
            await page.FillAsync("#PhoneTail", "5678");
            await page.CheckAsync("#sat-5");
            await page.FillAsync("#Comment", "办理很快，谢谢。");
            await page.ClickAsync("#follow-up button[type=submit]");
            var text = await page.InnerTextAsync("main");
            Assert.Contains("非常满意", text);
            await BrowserFixture.ScreenshotAsync(page, "service-follow-up");
            await page.AssertAccessibleAsync("follow-up answered");
        });

        // 5. The public figures of the month count it: one more registered, completed, one-visit and satisfied.
        await browser.RunPageAsync("service-public-after", async page =>
        {
            await page.GotoAsync($"{b}/service/disclosure?month={month}");
            var totals = await page.InnerTextAsync("#disclosure-towns tfoot");
            Assert.NotEqual(totalsBefore, totals);
            var town = await page.Locator("#disclosure-towns tbody tr", new() { HasTextString = "宝都街道" }).InnerTextAsync();
            var cells = town.Split('\t', StringSplitOptions.TrimEntries);
            Assert.Equal("1", cells[1]);                      // 受理量
            Assert.Equal("1", cells[2]);                      // 办结量
            Assert.StartsWith("100.0%", cells[3]);            // 一次办结率
            Assert.StartsWith("100.0%", cells[5]);            // 满意率
            await BrowserFixture.ScreenshotAsync(page, "service-disclosure");
            await page.AssertAccessibleAsync("disclosure with the request counted");
        });
    }

    private static async Task LoginAsync(IPage page, string baseUrl, string userName)
    {
        await page.GotoAsync(baseUrl + "/login");
        await page.FillAsync("#UserName", userName);
        await page.FillAsync("#Password", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(baseUrl + "/admin");
        await page.AssertAccessibleAsync($"dashboard of {userName}");
    }

    [GeneratedRegex(@"^\d{8}-[0-9A-Z]{6}$")]
    private static partial Regex ReceiptPattern();

    [GeneratedRegex(@"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")]
    private static partial Regex SecretPattern();
}
