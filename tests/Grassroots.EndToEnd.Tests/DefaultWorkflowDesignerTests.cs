using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Grassroots.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Grassroots.EndToEnd.Tests;

/// <summary>
/// An administrator opens the default workflow 服务事项五步流程 in the designer and presses 适应画布 (fit): the five steps
/// are five labelled activities in one row, all inside the visible canvas (issue 12, point 8). The page passes axe-core.
/// </summary>
[Collection("browser")]
public sealed class DefaultWorkflowDesignerTests(BrowserFixture browser)
{
    private static readonly string[] Steps = ["受理登记", "分流交办", "限时办结", "回访反馈", "跟踪问效"];

    [Fact]
    public async Task The_five_steps_are_visible_and_in_one_row_at_fit()
    {
        await using var app = await AppServer.StartAsync();
        await browser.RunPageAsync("default-workflow-designer", async page =>
        {
            var b = app.BaseUrl;
            await ContentTypeAndItemTests.LogInAsync(page, b);
            await page.GotoAsync(b + "/admin/workflows/types/service-request-pipeline/edit");
            await page.Locator("#wf-designer[data-ready='true']").WaitForAsync();
            await page.ClickAsync("#wf-fit");
            await page.WaitForTimeoutAsync(300);
            await BrowserFixture.ScreenshotAsync(page, "default-workflow-designer-fit");

            var canvas = (await page.Locator("#wf-canvas").BoundingBoxAsync())!;
            var boxes = new List<LocatorBoundingBoxResult>();
            foreach (var step in Steps)
            {
                // The bold label of the node (its second text line is the activity's title, if any).
                var label = page.Locator("#wf-canvas g.x6-node text", new() { HasTextString = step }).First;
                Assert.True(await label.IsVisibleAsync(), $"{step} is not shown.");
                var box = (await label.BoundingBoxAsync())!;
                Assert.True(box.X >= canvas.X && box.X + box.Width <= canvas.X + canvas.Width
                    && box.Y >= canvas.Y && box.Y + box.Height <= canvas.Y + canvas.Height, $"{step} is outside the visible canvas.");
                Assert.True(box.Height >= 10, $"{step} is drawn {box.Height:0.#} px high: too small to read.");
                boxes.Add(box);
            }

            // Left to right, in one row.
            Assert.Equal(boxes.OrderBy(x => x.X), boxes);
            Assert.True(boxes.Max(x => x.Y) - boxes.Min(x => x.Y) < 2, "The five steps are not in one row.");

            AxeResult result = await page.RunAxe();
            var violations = result.Violations
                .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(5).Select(n => n.Html))}")
                .ToList();
            Assert.True(violations.Count == 0, $"axe found on the designer:{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
        });
    }
}
