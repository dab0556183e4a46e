using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Grassroots.EndToEnd.Tests.Infrastructure;

/// <summary>
/// axe-core's WCAG 2.0 and 2.1 level A and AA rules, run on the page as it is now. Every browser test calls
/// <see cref="AssertAccessibleAsync"/> after each navigation and after each change of state a user meets (an error shown,
/// a form answered), so that a screen that loses a label or a colour contrast fails the test that visits it.
/// </summary>
public static class Accessibility
{
    /// <summary>The axe-core tags run: WCAG 2.0 and 2.1, levels A and AA (best practices and AAA are not).</summary>
    public static readonly IReadOnlyList<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private static readonly AxeRunOptions Options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
    };

    /// <summary>Fails with one line per violating element when axe finds anything on the page.</summary>
    /// <param name="page">The page, in the state to check.</param>
    /// <param name="what">Names the screen and state in the failure message; the page's URL when null.</param>
    /// <param name="exclude">CSS selectors of parts of the page left out of the check (with their descendants).</param>
    public static async Task AssertAccessibleAsync(this IPage page, string? what = null, params string[] exclude)
    {
        var violations = await page.AccessibilityViolationsAsync(exclude);
        Assert.True(violations.Count == 0,
            $"axe-core (WCAG 2 A/AA) found on {what ?? page.Url}:{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
    }

    /// <summary>
    /// The violations on the page, one readable line per element: rule, impact, the element's selector, and what axe
    /// measured (for color-contrast the two colours, the ratio and the ratio expected).
    /// </summary>
    public static async Task<IReadOnlyList<string>> AccessibilityViolationsAsync(this IPage page, params string[] exclude)
    {
        AxeResult result = exclude.Length == 0
            ? await page.RunAxe(Options)
            : await page.RunAxe(new AxeRunContext { Exclude = [.. exclude.Select(selector => new AxeSelector(selector))] }, Options);
        return [.. result.Violations.SelectMany(rule => rule.Nodes.Select(node => Describe(rule, node)))];
    }

    private static string Describe(AxeResultItem rule, AxeResultNode node)
    {
        var checks = (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? [])
            .Select(check => check.Message)
            .Where(message => !string.IsNullOrWhiteSpace(message))
            .Distinct(StringComparer.Ordinal);
        var html = node.Html.Length > 160 ? node.Html[..160] + "…" : node.Html;
        return $"  {rule.Id} ({node.Impact ?? rule.Impact}) at {node.Target}: {string.Join(" / ", checks)} [{rule.Help}] {html}";
    }
}
