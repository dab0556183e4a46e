using Grassroots.EndToEnd.Tests.Infrastructure;
using Grassroots.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Grassroots.EndToEnd.Tests;

/// <summary>
/// The platform issue's browser scenario: an administrator defines 走访记录 without code, then creates, edits and
/// publishes an item, meets the Chinese validation message and reads the version history.
/// </summary>
[Collection("browser")]
public sealed class ContentTypeAndItemTests(BrowserFixture browser)
{
    [Fact]
    public async Task Administrator_defines_a_type_in_the_dashboard_and_works_with_its_items()
    {
        await using var app = await AppServer.StartAsync();
        await browser.RunPageAsync("visit-record", async page =>
        {
            var b = app.BaseUrl;
            await LogInAsync(page, b);

            // 1. The type, without code.
            await page.GotoAsync(b + "/admin/content-types/create");
            await page.AssertAccessibleAsync("new content type");
            await page.FillAsync("#Form_DisplayName", "走访记录");
            await page.FillAsync("#Form_Name", "VisitRecord");
            await page.ClickAsync("#create");
            await page.WaitForURLAsync(b + "/admin/content-types/VisitRecord**");
            await page.AssertAccessibleAsync("the new type's page");

            await AddFieldAsync(page, "走访摘要", "Summary", "Text");
            await page.GotoAsync(b + "/admin/content-types/VisitRecord/fields/Summary");
            await page.CheckAsync("#Form_Required");
            await page.AssertAccessibleAsync("field editor");
            await page.ClickAsync("#save-field");
            await page.WaitForURLAsync(b + "/admin/content-types/VisitRecord**");

            await AddFieldAsync(page, "走访户数", "Households", "Number");
            await page.GotoAsync(b + "/admin/content-types/VisitRecord/fields/Households");
            await page.FillAsync("#Form_Max", "100");
            await page.ClickAsync("#save-field");
            await page.WaitForURLAsync(b + "/admin/content-types/VisitRecord**");
            var fields = await page.InnerTextAsync("#fields-table");
            Assert.Contains("走访摘要", fields);
            Assert.Contains("走访户数", fields);
            await BrowserFixture.ScreenshotAsync(page, "visit-record-type");
            await page.AssertAccessibleAsync("type with two fields");

            // 2. An item: a value over the maximum is refused with a Chinese message naming the field, input kept.
            await page.GotoAsync(b + "/admin/content/VisitRecord/create");
            await page.AssertAccessibleAsync("new item form");
            await page.FillAsync("#orgUnitCode", "370725107277");
            await page.FillAsync("#f_VisitRecord_Summary", "团埠坡村东路灯不亮");
            await page.FillAsync("#f_VisitRecord_Households", "150");
            await page.ClickAsync("button[name=submit][value=draft]");
            var error = page.Locator(".invalid-feedback", new() { HasTextString = "走访户数" });
            await error.WaitForAsync();
            Assert.Contains("不能大于 100", await error.InnerTextAsync());
            Assert.Equal("团埠坡村东路灯不亮", await page.InputValueAsync("#f_VisitRecord_Summary"));
            await BrowserFixture.ScreenshotAsync(page, "visit-record-validation");
            await page.AssertAccessibleAsync("item form with a validation message");

            // A missing required value is refused too.
            await page.FillAsync("#f_VisitRecord_Summary", "");
            await page.FillAsync("#f_VisitRecord_Households", "30");
            await page.ClickAsync("button[name=submit][value=draft]");
            await page.Locator(".invalid-feedback", new() { HasTextString = "走访摘要" }).WaitForAsync();
            await page.AssertAccessibleAsync("item form with a required-field message");

            await page.FillAsync("#f_VisitRecord_Summary", "团埠坡村东路灯不亮");
            await page.ClickAsync("button[name=submit][value=draft]");
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/admin/content/item/[0-9a-z]+$"));
            var itemUrl = page.Url;
            await page.AssertAccessibleAsync("draft item");
            Assert.Contains("团埠坡村东路灯不亮", await page.ContentAsync());

            // 3. Edit and publish.
            await page.GotoAsync(itemUrl + "/edit");
            await page.AssertAccessibleAsync("item editor");
            await page.FillAsync("#f_VisitRecord_Summary", "团埠坡村东路灯不亮，已报修");
            await page.ClickAsync("button[name=submit][value=publish]");
            await page.WaitForURLAsync(itemUrl);
            Assert.Contains("团埠坡村东路灯不亮，已报修", await page.ContentAsync());
            Assert.Contains("已发布", await page.ContentAsync());
            await page.AssertAccessibleAsync("published item");

            // 4. Version history with the field-level change.
            await page.GotoAsync(itemUrl + "/versions");
            await page.AssertAccessibleAsync("version history");
            var history = await page.InnerTextAsync("table");
            Assert.Contains("第 1 版", history);
            Assert.Contains("第 2 版", history);
            await page.Locator("a", new() { HasTextString = "查看变化" }).First.ClickAsync();
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("versions\\?version="));
            var diff = await page.ContentAsync();
            Assert.Contains("走访摘要", diff);
            Assert.Contains("团埠坡村东路灯不亮，已报修", diff);
            await BrowserFixture.ScreenshotAsync(page, "visit-record-versions");
            await page.AssertAccessibleAsync("version changes");

            // The list shows the item under its type.
            await page.GotoAsync(b + "/admin/content/VisitRecord");
            Assert.Contains("团埠坡村东路灯不亮，已报修", await page.ContentAsync());
            await page.AssertAccessibleAsync("list of the type");
        });
    }

    private static async Task AddFieldAsync(IPage page, string displayName, string name, string kind)
    {
        await page.FillAsync("#NewField_DisplayName", displayName);
        await page.FillAsync("#NewField_Name", name);
        await page.SelectOptionAsync("#NewField_Kind", kind);
        await page.ClickAsync("#add-field");
        await page.Locator("#fields-table", new() { HasTextString = displayName }).WaitForAsync();
    }

    internal static async Task LogInAsync(IPage page, string baseUrl)
    {
        await page.GotoAsync(baseUrl + "/login");
        await page.FillAsync("#UserName", GrassrootsFactory.AdminUserName);
        await page.FillAsync("#Password", GrassrootsFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(baseUrl + "/admin");
        await page.AssertAccessibleAsync("administrator's dashboard");
    }
}
