using System.Net;
using System.Text.RegularExpressions;
using Grassroots.Tests.Infrastructure;

namespace Grassroots.Tests.Audit;

public sealed partial class AuditDashboardTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Dashboard_lists_filters_shows_details_verifies_and_trims(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = factory.CreateBrowserlikeClient();
        await LogInAsync(client);

        var html = await client.GetStringAsync("/admin/audit");
        Assert.Contains("<h1 class=\"h3 mb-0\">审计日志</h1>", html);
        Assert.Contains("配方执行成功", html);
        Assert.Contains("启用功能", html);
        Assert.Matches(new Regex("href=\"/admin/audit\"[^>]*>\\s*<i class=\"bi bi-journal-check"), html);
        Assert.Contains("bi-shield-lock", html);
        Assert.Contains("id=\"audit-verify\"", html);
        Assert.Contains("id=\"audit-trim\"", html);
        Assert.Matches(new Regex("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"), html);

        // Filters: one item's creation.
        var filtered = await client.GetStringAsync("/admin/audit?contentItemId=demo-notice-county-0001&action=content.created");
        Assert.Contains("共 1 条", filtered);
        Assert.Contains("href=\"/admin/content/item/demo-notice-county-0001\"", filtered);
        Assert.DoesNotContain("配方执行成功</td>", filtered);
        var sequence = SequenceRegex().Match(filtered).Groups[1].Value;

        // Bad date: message names the field, the input keeps what was typed.
        var bad = await client.GetStringAsync("/admin/audit?from=2026-02-30&user=nobody");
        Assert.Contains("开始日期格式不正确", bad);
        Assert.Contains("value=\"nobody\"", bad);

        // Detail: hashes and pretty data.
        var detail = await client.GetStringAsync($"/admin/audit/{sequence}");
        Assert.Matches(new Regex("<code class=\"text-break small\">[0-9a-f]{64}</code>"), detail);
        Assert.Contains("id=\"audit-data\"", detail);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/audit/999999")).StatusCode);

        // 校验.
        var token = GrassrootsFactory.AntiforgeryToken(html);
        var verify = await client.PostAsync("/admin/audit/verify", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, verify.StatusCode);
        var afterVerify = await client.GetStringAsync("/admin/audit");
        Assert.Matches(new Regex("审计链完整，共校验 \\d+ 条"), afterVerify);

        // 按保留期限清理: everything is newer than 180 days.
        var trim = await client.PostAsync("/admin/audit/trim", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, trim.StatusCode);
        Assert.Contains("没有超过保留期限（180 天）的记录", await client.GetStringAsync("/admin/audit"));

        // Without the antiforgery token nothing happens.
        var forged = await client.PostAsync("/admin/audit/trim", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var english = await client.GetStringAsync("/admin/audit?culture=en");
        Assert.Contains("Audit trail", english);
        Assert.Contains("Verify", english);
    }

    private static Task LogInAsync(HttpClient client) => GrassrootsFactory.SignInAsync(client);


    [GeneratedRegex("<a href=\"/admin/audit/(\\d+)\">")]
    private static partial Regex SequenceRegex();
}
