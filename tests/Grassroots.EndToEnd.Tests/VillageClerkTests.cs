using Grassroots.EndToEnd.Tests.Infrastructure;
using Grassroots.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Grassroots.EndToEnd.Tests;

/// <summary>A village clerk of 团埠坡村 sees only that village's data, in Chinese, and can switch to English.</summary>
[Collection("browser")]
public sealed class VillageClerkTests(BrowserFixture browser)
{
    private const string Password = "Clerk-Pass-2026x";

    [Fact]
    public async Task Village_clerk_sees_only_the_village_in_Chinese_then_English()
    {
        await using var app = await AppServer.StartAsync();
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
            var clerk = new GrassrootsUser { UserName = "tbp-clerk", DisplayName = "团埠坡村文书", OrgUnitCode = "370725107277", CreatedUtc = DateTime.UtcNow };
            Assert.True((await users.CreateAsync(clerk, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(clerk, "VillageStaff")).Succeeded);
        }

        await browser.RunPageAsync("village-clerk", async page =>
        {
            var b = app.BaseUrl;
            await page.GotoAsync(b + "/login");
            await page.FillAsync("#UserName", "tbp-clerk");
            await page.FillAsync("#Password", Password);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForURLAsync(b + "/admin");
            Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
            await page.AssertAccessibleAsync("village clerk's dashboard");

            await page.GotoAsync(b + "/admin/content/OpinionReport");
            var list = await page.InnerTextAsync("main");
            Assert.Contains("建议村东生产路冬季前硬化", list);          // 团埠坡村
            Assert.DoesNotContain("自来水管道破裂", list);              // 恒盛社区, another town
            await BrowserFixture.ScreenshotAsync(page, "village-clerk-list");
            await page.AssertAccessibleAsync("village clerk's list");

            // Another village's item is answered like a missing one.
            var other = await page.GotoAsync(b + "/admin/content/item/demo-opinion-hs-0001");
            Assert.Equal(404, other!.Status);

            // Switch to English from the language menu.
            await page.GotoAsync(b + "/admin/content/OpinionReport");
            await page.ClickAsync("button[data-bs-toggle=dropdown]");
            await page.AssertAccessibleAsync("language menu open");
            await page.ClickAsync("a[lang=en]");
            await page.WaitForURLAsync(b + "/admin/content/OpinionReport");
            Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
            var english = await page.InnerTextAsync("body");
            Assert.Contains("Sign out", english);
            Assert.Contains("建议村东生产路冬季前硬化", english);
            Assert.DoesNotContain("自来水管道破裂", english);
            await BrowserFixture.ScreenshotAsync(page, "village-clerk-list-en");
            await page.AssertAccessibleAsync("village clerk's list in English");
        });
    }
}
