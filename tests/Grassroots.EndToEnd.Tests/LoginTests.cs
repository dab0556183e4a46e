using Grassroots.EndToEnd.Tests.Infrastructure;
using Grassroots.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Grassroots.EndToEnd.Tests;

[Collection("browser")]
public sealed class LoginTests(BrowserFixture browser)
{
    [Fact]
    public async Task Administrator_signs_in_and_reaches_the_dashboard()
    {
        await using var app = await AppServer.StartAsync();
        await browser.RunPageAsync("login", async page =>
        {
            await page.GotoAsync(app.BaseUrl + "/login");
            Assert.Contains("工作人员登录", await page.ContentAsync());
            await page.AssertAccessibleAsync("login page");

            // The theme's stylesheet is served (module assets in every environment) and applied.
            var css = await page.APIRequest.GetAsync(app.BaseUrl + "/_content/Grassroots.Themes.Admin/lib/bootstrap/css/bootstrap.min.css");
            Assert.Equal(200, css.Status);
            var display = await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.card')).display");
            Assert.Equal("flex", display);
            await page.FillAsync("#UserName", GrassrootsFactory.AdminUserName);
            await page.FillAsync("#Password", "wrong-Password-1");
            await page.ClickAsync("button[type=submit]");
            await page.WaitForSelectorAsync(".alert-danger");
            Assert.Contains("用户名或密码错误", await page.InnerTextAsync(".alert-danger"));
            await page.AssertAccessibleAsync("login page with the wrong-password message");

            await page.FillAsync("#Password", GrassrootsFactory.AdminPassword);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForURLAsync(url => url.Contains("/admin", StringComparison.Ordinal));
            await BrowserFixture.ScreenshotAsync(page, "admin-home");
            await page.AssertAccessibleAsync("dashboard");
        });
    }
}
