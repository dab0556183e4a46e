using Grassroots.EndToEnd.Tests.Infrastructure;
using Grassroots.Security;
using Grassroots.Workflows;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Grassroots.EndToEnd.Tests;

/// <summary>
/// The workflows issue's browser scenario: an administrator draws a workflow on the X6 canvas (drag from the palette,
/// connect outcome ports, the generated property form), meets the client-side validation, saves versions, and reads
/// instances in the viewer with the executed path highlighted.
/// </summary>
[Collection("browser")]
public sealed class WorkflowDesignerTests(BrowserFixture browser)
{
    private const string ClerkPassword = "Clerk-Pass-2026x";

    [Fact]
    public async Task Administrator_draws_validates_saves_and_views_an_executed_instance()
    {
        await using var app = await AppServer.StartAsync();
        await browser.RunPageAsync("workflow-designer-basic", async page =>
        {
            var b = app.BaseUrl;
            var csp = WatchCsp(page);
            await ContentTypeAndItemTests.LogInAsync(page, b);
            await OpenNewDesignerAsync(page, b);
            await page.FillAsync("#wf-name", "设计器演示");
            await page.FillAsync("#wf-id", "designer-demo");

            var start = await DropAsync(page, "Start", 120, 60);
            var set = await DropAsync(page, "SetProperty", 120, 230);

            // Saving now is refused in the browser: no start activity, a required property, unconnected outcomes.
            await page.ClickAsync("#wf-save");
            var errors = await page.InnerTextAsync("#wf-errors");
            Assert.Contains("必须有且只有一个开始活动", errors);
            Assert.Contains("为必填项", errors);
            Assert.Contains("没有连接", errors);
            Assert.Equal(1, await page.Locator($"g[data-cell-id='{set}'] rect[data-invalid='true']").CountAsync());
            await BrowserFixture.ScreenshotAsync(page, "workflow-designer-invalid");

            await SelectNodeAsync(page, start);
            await page.CheckAsync("#wf-is-start");
            await ConnectAsync(page, start, "Done", set);
            await SelectNodeAsync(page, set);
            await page.FillAsync("#wf-prop-PropertyName", "greeting");
            await page.FillAsync("#wf-prop-Expression", "'你好'");
            await page.CheckAsync("[data-ended='Done']");
            await page.ClickAsync("#wf-save");
            await page.Locator("#wf-message", new() { HasTextString = "已保存第 1 版" }).WaitForAsync();
            Assert.Equal(0, await page.Locator("#wf-errors li").CountAsync());
            await page.WaitForURLAsync(b + "/admin/workflows/types/designer-demo/edit");
            await BrowserFixture.ScreenshotAsync(page, "workflow-designer-saved");

            // The saved graph comes back from the server with positions and the transition.
            await page.ReloadAsync();
            await page.Locator("#wf-designer[data-ready='true']").WaitForAsync();
            Assert.Equal(2, await page.Locator("#wf-canvas g.x6-node").CountAsync());
            Assert.Equal(1, await page.Locator("#wf-canvas g.x6-edge").CountAsync());
            Assert.Equal("设计器演示", await page.InputValueAsync("#wf-name"));
            Assert.Equal("版本 1", (await page.InnerTextAsync("#wf-version")).Trim());
            await page.AssertAccessibleAsync("designer after save");

            // The list shows the type.
            await page.GotoAsync(b + "/admin/workflows/types");
            var row = page.Locator("#wf-types tr[data-id='designer-demo']");
            await row.WaitForAsync();
            Assert.Contains("设计器演示", await row.InnerTextAsync());

            // Export gives the definition as JSON; importing it under another id adds a type.
            var export = await page.APIRequest.GetAsync(b + "/api/workflow-types/designer-demo/export");
            Assert.True(export.Ok);
            var json = (await export.TextAsync()).Replace("\"designer-demo\"", "\"designer-demo-copy\"", StringComparison.Ordinal);
            await page.SetInputFilesAsync("#wf-import-file", new FilePayload { Name = "copy.json", MimeType = "application/json", Buffer = System.Text.Encoding.UTF8.GetBytes(json) });
            await page.Locator("#wf-message", new() { HasTextString = "已导入第 1 版" }).WaitForAsync();
            await page.Locator("#wf-types tr[data-id='designer-demo-copy']").WaitForAsync();

            // Disable and enable again from the list.
            await page.ClickAsync("#wf-types tr[data-id='designer-demo-copy'] [data-toggle-id]");
            await page.Locator("#wf-types tr[data-id='designer-demo-copy'] .badge", new() { HasTextString = "已停用" }).WaitForAsync();
            await page.ClickAsync("#wf-types tr[data-id='designer-demo-copy'] [data-toggle-id]");
            await page.Locator("#wf-types tr[data-id='designer-demo-copy'] .badge", new() { HasTextString = "已启用" }).WaitForAsync();

            // An instance runs to the end; the viewer shows it finished with the path highlighted.
            string instanceId;
            await using (var scope = app.Factory.Services.CreateAsyncScope())
            {
                var executor = scope.ServiceProvider.GetRequiredService<IWorkflowExecutor>();
                var instance = await executor.StartAsync("designer-demo", user: "admin");
                Assert.Equal(WorkflowStatus.Finished, instance.Status);
                instanceId = instance.Id;
            }

            await page.GotoAsync(b + "/admin/workflows/instances?type=designer-demo");
            await page.Locator($"#wf-instances tr[data-id='{instanceId}']").WaitForAsync();
            await page.ClickAsync($"#wf-instances tr[data-id='{instanceId}'] a");
            await page.Locator("#wf-viewer[data-ready='true']").WaitForAsync();
            Assert.Equal("已完成", (await page.InnerTextAsync("#wf-status")).Trim());
            Assert.Equal(2, await page.Locator("#wf-canvas rect[data-executed='true']").CountAsync());
            Assert.Equal(1, await page.Locator("#wf-canvas path[data-executed='true']").CountAsync());
            Assert.Contains("你好", await page.InnerTextAsync("#wf-properties"));
            await BrowserFixture.ScreenshotAsync(page, "workflow-viewer-basic");
            Assert.Empty(csp);
        });
    }

    [Fact]
    public async Task Opinion_report_review_drawn_in_the_browser_runs_through_the_village_inbox()
    {
        await using var app = await AppServer.StartAsync();
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
            var clerk = new GrassrootsUser { UserName = "tbp-reviewer", DisplayName = "团埠坡村审核员", OrgUnitCode = "370725107277", CreatedUtc = DateTime.UtcNow };
            Assert.True((await users.CreateAsync(clerk, ClerkPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(clerk, "VillageStaff")).Succeeded);
        }

        var b = app.BaseUrl;
        await browser.RunPageAsync("workflow-opinion-review", async page =>
        {
            var csp = WatchCsp(page);
            await ContentTypeAndItemTests.LogInAsync(page, b);
            await OpenNewDesignerAsync(page, b);
            await page.FillAsync("#wf-name", "民情信息村审核");
            await page.FillAsync("#wf-id", "opinion-review");

            // ContentCreated(民情信息), the start.
            var created = await DropAsync(page, "ContentCreated", 140, 40);
            await page.CheckAsync("#wf-is-start");
            await page.SelectOptionAsync("#wf-prop-ContentTypes", "OpinionReport");

            // User task 村审核 with outcomes 通过, 退回 for the village's staff.
            var task = await DropAsync(page, "UserTask", 140, 200);
            await page.FillAsync("#wf-prop-Title", "村审核");
            await page.FillAsync("#wf-prop-Outcomes", "通过,退回");
            await page.SelectOptionAsync("#wf-prop-Role", "VillageStaff");
            await page.SelectOptionAsync("#wf-prop-OrgLevel", "same");
            Assert.Equal(1, await page.Locator($"g[data-cell-id='{task}'] [port='out:通过']").CountAsync());
            Assert.Equal(1, await page.Locator($"g[data-cell-id='{task}'] [port='out:退回']").CountAsync());

            var notify = await DropAsync(page, "Notify", 140, 380);
            await FillRequiredTextsAsync(page);

            await ConnectAsync(page, created, await FirstOutcomeAsync(page, created), task);
            await ConnectAsync(page, task, "通过", notify);
            await SelectNodeAsync(page, task);
            await page.CheckAsync("[data-ended='退回']");
            await SelectNodeAsync(page, notify);
            foreach (var outcome in await page.Locator("[data-ended]").AllAsync())
            {
                await outcome.CheckAsync();
            }

            await page.ClickAsync("#wf-fit");
            await BrowserFixture.ScreenshotAsync(page, "workflow-opinion-review-designer");
            await page.ClickAsync("#wf-save");
            await page.Locator("#wf-message", new() { HasTextString = "已保存第 1 版" }).WaitForAsync();

            // An OpinionReport item for 团埠坡村, created through the content screens.
            await page.GotoAsync(b + "/admin/content/OpinionReport/create");
            await page.FillAsync("#orgUnitCode", "370725107277");
            await page.FillAsync("#f_OpinionReport_Summary", "村西桥头路灯不亮，请尽快修复");
            await page.SelectOptionAsync("#f_OpinionReport_Category", "opinion");
            await page.FillAsync("#f_OpinionReport_VisitDate", "2026-11-20");
            await page.FillAsync("#f_ContactPart_Name", "王村民");
            await page.ClickAsync("button[name=submit][value=publish]");
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/admin/content/item/"));
            Assert.Empty(csp);
        });

        // The village reviewer approves it from 我的待办.
        await browser.RunPageAsync("workflow-opinion-review-inbox", async page =>
        {
            await page.GotoAsync(b + "/login");
            await page.FillAsync("#UserName", "tbp-reviewer");
            await page.FillAsync("#Password", ClerkPassword);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForURLAsync(b + "/admin");
            // A village user may look at instances but not design workflows.
            await page.GotoAsync(b + "/admin/workflows/types");
            Assert.Contains("/access-denied", page.Url, StringComparison.Ordinal);
            var instances = await page.GotoAsync(b + "/admin/workflows/instances");
            Assert.Equal(200, instances!.Status);

            await page.GotoAsync(b + "/admin/tasks");
            Assert.Contains("村审核", await page.InnerTextAsync("main"));
            await BrowserFixture.ScreenshotAsync(page, "workflow-opinion-review-inbox");
            await page.ClickAsync("button[name=outcome][value=通过]");
            await page.WaitForLoadStateAsync();
        });

        // The administrator sees the instance finished, the path highlighted.
        await browser.RunPageAsync("workflow-opinion-review-viewer", async page =>
        {
            await ContentTypeAndItemTests.LogInAsync(page, b);
            await page.GotoAsync(b + "/admin/workflows/instances?type=opinion-review");
            var link = page.Locator("#wf-instances tr[data-id] a").First;
            await link.WaitForAsync();
            await link.ClickAsync();
            await page.Locator("#wf-viewer[data-ready='true']").WaitForAsync();
            Assert.Equal("已完成", (await page.InnerTextAsync("#wf-status")).Trim());
            Assert.Equal(3, await page.Locator("#wf-canvas rect[data-executed='true']").CountAsync());
            Assert.Equal(2, await page.Locator("#wf-canvas path[data-executed='true']").CountAsync());
            Assert.Contains("通过", await page.InnerTextAsync("#wf-history"));
            Assert.Contains("tbp-reviewer", await page.InnerTextAsync("#wf-history"));
            await BrowserFixture.ScreenshotAsync(page, "workflow-opinion-review-viewer");
        });
    }

    [Fact]
    public async Task Viewer_shows_a_fault_and_cancels_the_instance()
    {
        await using var app = await AppServer.StartAsync();
        string instanceId;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IWorkflowStore>().SaveTypeAsync(new WorkflowTypeDefinition
            {
                Id = "faulty",
                Name = "会出错的流程",
                Activities =
                [
                    new() { Id = "start", Type = "Start", IsStart = true, X = 40, Y = 40 },
                    new() { Id = "boom", Type = "Script", X = 40, Y = 200, Properties = new() { ["Script"] = "throw new Error('坏了');", ["endedOutcomes"] = "Done" } },
                ],
                Transitions = [new() { SourceId = "start", Outcome = "Done", DestinationId = "boom" }],
            });
            var instance = await scope.ServiceProvider.GetRequiredService<IWorkflowExecutor>().StartAsync("faulty", user: "admin");
            Assert.Equal(WorkflowStatus.Faulted, instance.Status);
            instanceId = instance.Id;
        }

        await browser.RunPageAsync("workflow-viewer-fault", async page =>
        {
            var b = app.BaseUrl;
            var csp = WatchCsp(page);
            page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
            await ContentTypeAndItemTests.LogInAsync(page, b);
            await page.GotoAsync(b + "/admin/workflows/instances?status=faulted");
            await page.Locator($"#wf-instances tr[data-id='{instanceId}']").WaitForAsync();
            await page.GotoAsync(b + "/admin/workflows/instances/" + instanceId);
            await page.Locator("#wf-viewer[data-ready='true']").WaitForAsync();
            Assert.Equal("出错", (await page.InnerTextAsync("#wf-status")).Trim());
            Assert.Contains("坏了", await page.InnerTextAsync("#wf-fault"));
            Assert.Equal(1, await page.Locator("#wf-canvas g[data-cell-id='boom'] rect[data-faulted='true']").CountAsync());
            Assert.True(await page.IsVisibleAsync("#wf-retry"));
            await BrowserFixture.ScreenshotAsync(page, "workflow-viewer-fault");
            await page.AssertAccessibleAsync("instance viewer with a fault");

            await page.ClickAsync("#wf-cancel");
            await page.Locator("#wf-status", new() { HasTextString = "已取消" }).WaitForAsync();
            Assert.False(await page.IsVisibleAsync("#wf-retry"));
            Assert.False(await page.IsVisibleAsync("#wf-cancel"));
            Assert.Empty(csp);
        });
    }

    private static List<string> WatchCsp(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add("script error: " + error);
        return problems;
    }

    private static async Task OpenNewDesignerAsync(IPage page, string b)
    {
        await page.GotoAsync(b + "/admin/workflows/types");
        await page.ClickAsync("#wf-new");
        await page.WaitForURLAsync(b + "/admin/workflows/types/new");
        await page.Locator("#wf-designer[data-ready='true']").WaitForAsync();
    }

    /// <summary>Drags an activity from the palette onto the canvas at (x, y); returns the new activity's id.</summary>
    private static async Task<string> DropAsync(IPage page, string activity, float x, float y)
    {
        await CenterCanvasAsync(page);
        var item = page.Locator($".wf-palette-item[data-activity='{activity}']");
        await item.EvaluateAsync("e => { const p = e.closest('.wf-palette'); p.scrollTop += e.getBoundingClientRect().top - p.getBoundingClientRect().top - 40; }");
        var from = (await item.BoundingBoxAsync())!;
        var canvas = (await page.Locator("#wf-canvas").BoundingBoxAsync())!;
        var before = await page.Locator("#wf-canvas g.x6-node").CountAsync();
        await page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(canvas.X + x, canvas.Y + y, new() { Steps = 12 });
        await page.Mouse.UpAsync();
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('#wf-canvas g.x6-node').length > {before}");
        return (await page.InnerTextAsync("#wf-form code")).Trim();
    }

    private static Task<System.Text.Json.JsonElement?> CenterCanvasAsync(IPage page) =>
        page.EvaluateAsync("() => document.getElementById('wf-canvas').scrollIntoView({ block: 'center', behavior: 'instant' })");

    private static async Task SelectNodeAsync(IPage page, string id)
    {
        await CenterCanvasAsync(page);
        var box = (await page.Locator($"g[data-cell-id='{id}'] rect[data-activity-id]").BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + 20);
        await page.Locator("#wf-form code", new() { HasTextString = id }).WaitForAsync();
    }

    /// <summary>Draws an edge from the outcome port of <paramref name="source"/> to the input port of <paramref name="target"/>.</summary>
    private static async Task ConnectAsync(IPage page, string source, string outcome, string target)
    {
        await CenterCanvasAsync(page);
        var port = (await page.Locator($"g[data-cell-id='{source}'] circle[port='out:{outcome}']").BoundingBoxAsync())!;
        var input = (await page.Locator($"g[data-cell-id='{target}'] circle[port='in']").BoundingBoxAsync())!;
        var edges = await page.Locator("#wf-canvas g.x6-edge").CountAsync();
        await page.Mouse.MoveAsync(port.X + port.Width / 2, port.Y + port.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(input.X + input.Width / 2, input.Y + input.Height / 2 + 4, new() { Steps = 15 });
        await page.Mouse.MoveAsync(input.X + input.Width / 2, input.Y + input.Height / 2, new() { Steps = 3 });
        await page.Mouse.UpAsync();
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('#wf-canvas g.x6-edge').length > {edges}");
    }

    private static async Task<string> FirstOutcomeAsync(IPage page, string id)
    {
        var port = await page.Locator($"g[data-cell-id='{id}'] circle[port-group='out']").First.GetAttributeAsync("port");
        return port!["out:".Length..];
    }

    /// <summary>Fills the still-empty required text properties of the selected activity (e.g. a notification's text).</summary>
    private static async Task FillRequiredTextsAsync(IPage page)
    {
        foreach (var input in await page.Locator("#wf-form [aria-required='true']").AllAsync())
        {
            var tag = await input.EvaluateAsync<string>("e => e.tagName");
            if (tag != "SELECT" && string.IsNullOrEmpty(await input.InputValueAsync()))
            {
                await input.FillAsync("民情信息已经村审核通过");
            }
        }
    }
}
