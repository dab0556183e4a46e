using System.Net;
using Grassroots.EndToEnd.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Grassroots.EndToEnd.Tests;

/// <summary>Proves the browser set-up end to end: Kestrel on loopback, Debian's chromium, a click, a screenshot.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserSmokeTests(BrowserFixture browser)
{
    private const string Page = """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><title>网格化联系</title></head>
        <body style="font-family: sans-serif; padding: 2rem">
          <h1>长乐县基层社会治理平台</h1>
          <p id="status">待受理</p>
          <button id="accept" type="button">受理登记</button>
          <script>
            document.getElementById('accept').addEventListener('click', function () {
              document.getElementById('status').textContent = '已受理：分流交办';
            });
          </script>
        </body>
        </html>
        """;

    [Fact]
    public async Task Clicking_a_button_changes_Chinese_text_in_Debian_chromium()
    {
        await using var app = await StartServerAsync();
        var url = app.Urls.Single();

        await browser.RunPageAsync(nameof(Clicking_a_button_changes_Chinese_text_in_Debian_chromium), async page =>
        {
            var response = await page.GotoAsync(url);
            Assert.NotNull(response);
            Assert.Equal((int)HttpStatusCode.OK, response.Status);
            Assert.Equal("待受理", await page.Locator("#status").TextContentAsync());
            await page.AssertAccessibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "受理登记" }).ClickAsync();

            await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("已受理：分流交办");
            Assert.Equal("zh-CN", await page.EvaluateAsync<string>("navigator.language"));
            Assert.Equal("Asia/Shanghai", await page.EvaluateAsync<string>("Intl.DateTimeFormat().resolvedOptions().timeZone"));

            var screenshot = await BrowserFixture.ScreenshotAsync(page, "browser-smoke");
            Assert.True(new FileInfo(screenshot).Length > 0);
        });
    }

    private static async Task<WebApplication> StartServerAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(Page, "text/html; charset=utf-8"));
        await app.StartAsync();
        return app;
    }
}
