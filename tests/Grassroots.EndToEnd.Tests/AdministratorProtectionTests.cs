using Grassroots.EndToEnd.Tests.Infrastructure;
using Grassroots.Security;
using Grassroots.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Grassroots.EndToEnd.Tests;

/// <summary>
/// A 县级管理员 looks at the system administrator's account (issue 11): the list offers only 查看, the page is read-only
/// with the reason, and no reset, edit or disable action is anywhere on it. Every page visited passes axe-core.
/// </summary>
[Collection("browser")]
public sealed class AdministratorProtectionTests(BrowserFixture browser)
{
    private const string Password = "County-Pass-2026x";

    [Fact]
    public async Task A_county_admin_finds_no_reset_edit_or_disable_action_on_the_administrators_page()
    {
        await using var app = await AppServer.StartAsync();
        string adminId;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
            var county = new GrassrootsUser { UserName = "county-admin", DisplayName = "县中心管理员", OrgUnitCode = "370725", CreatedUtc = DateTime.UtcNow };
            Assert.True((await users.CreateAsync(county, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(county, "CountyAdmin")).Succeeded);
            adminId = (await users.FindByNameAsync(GrassrootsFactory.AdminUserName))!.Id;
        }

        await browser.RunPageAsync("administrator-protection", async page =>
        {
            var b = app.BaseUrl;
            await page.GotoAsync(b + "/login");
            await page.AssertAccessibleAsync("login page");
            await page.FillAsync("#UserName", "county-admin");
            await page.FillAsync("#Password", Password);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForURLAsync(b + "/admin");
            await page.AssertAccessibleAsync("county admin's dashboard");

            // The user list: the administrator's row offers 查看 only.
            await page.GotoAsync(b + "/admin/users");
            var row = page.Locator($"tbody tr:has(a[href='/admin/users/{adminId}'])");
            Assert.Equal(1, await row.CountAsync());
            Assert.Equal(0, await row.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "编辑", Exact = true }).CountAsync());
            Assert.Equal(0, await row.Locator("form").CountAsync());
            await page.AssertAccessibleAsync("user list");

            // The administrator's page: read-only, with the reason; no action on the account anywhere.
            await row.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "查看", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(b + "/admin/users/" + adminId);
            Assert.Equal("用户详情", (await page.InnerTextAsync("main h1")).Trim());
            Assert.Contains("只有系统管理员可以管理系统管理员", await page.InnerTextAsync("#manage-refusal"), StringComparison.Ordinal);
            var main = page.Locator("main");
            Assert.Equal(0, await main.Locator("form").CountAsync());
            Assert.Equal(0, await main.Locator("input, select, textarea").CountAsync());
            foreach (var action in new[] { "重置密码", "保存", "解除锁定", "已停用" })
            {
                Assert.Equal(0, await main.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = action }).CountAsync());
                Assert.Equal(0, await main.GetByRole(AriaRole.Radio, new LocatorGetByRoleOptions { Name = action }).CountAsync());
            }

            Assert.Equal(0, await page.Locator($"form[action^='/admin/users/{adminId}']").CountAsync());
            await BrowserFixture.ScreenshotAsync(page, "county-admin-views-administrator");
            await page.AssertAccessibleAsync("administrator's page");
        });
    }

    /// <summary>
    /// The screens issue 11 added or changed, as their users meet them, at laptop and phone width: a clerk whose password
    /// an administrator set is sent to 修改密码 and changes it; a resident opens 进度查询 and types a receipt code that does not exist.
    /// </summary>
    [Fact]
    public async Task Change_password_and_tracking_screens_work_and_pass_axe_at_laptop_and_phone_width()
    {
        await using var app = await AppServer.StartAsync();
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
            var clerk = new GrassrootsUser
            {
                UserName = "new-clerk", DisplayName = "新来的村干部", OrgUnitCode = "370725107277", CreatedUtc = DateTime.UtcNow, MustChangePassword = true,
            };
            Assert.True((await users.CreateAsync(clerk, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(clerk, "VillageStaff")).Succeeded);
        }

        foreach (var (width, height) in new[] { (1366, 768), (390, 844) })
        {
            await browser.RunPageAsync($"issue11-screens-{width}", async page =>
            {
                var b = app.BaseUrl;
                await page.SetViewportSizeAsync(width, height);

                // A resident types a receipt code that does not exist: told so next to the field, in Chinese, nothing shown.
                await page.GotoAsync(b + "/service/track");
                await page.AssertAccessibleAsync($"tracking form at {width}px");
                await page.FillAsync("#code", "20261128-7KQ3MX");
                await page.FillAsync("#TrackingCode", "7KQM-3XHP-9RTW");
                await page.ClickAsync("main button[type=submit]");
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                Assert.Contains("查询", await page.InnerTextAsync("main"), StringComparison.Ordinal);
                await BrowserFixture.ScreenshotAsync(page, $"track-wrong-secret-{width}");
                await page.AssertAccessibleAsync($"tracking answer at {width}px");

                if (width != 1366)
                {
                    return;
                }

                // The clerk whose password an administrator set must choose its own before anything else.
                await page.GotoAsync(b + "/login");
                await page.FillAsync("#UserName", "new-clerk");
                await page.FillAsync("#Password", Password);
                await page.ClickAsync("button[type=submit]");
                await page.WaitForURLAsync(u => u.Contains("/account/password", StringComparison.Ordinal));
                await BrowserFixture.ScreenshotAsync(page, "change-password");
                await page.AssertAccessibleAsync("change-password page");
                await page.FillAsync("#CurrentPassword", Password);
                await page.FillAsync("#NewPassword", "Own-Choice-2026x");
                await page.FillAsync("#ConfirmPassword", "Own-Choice-2026x");
                await page.ClickAsync("main form[action='/account/password'] button[type=submit]");
                await page.GotoAsync(b + "/admin");
                await page.AssertAccessibleAsync("dashboard after the password change");
                Assert.DoesNotContain("/account/password", page.Url, StringComparison.Ordinal);
            });
        }
    }
}
