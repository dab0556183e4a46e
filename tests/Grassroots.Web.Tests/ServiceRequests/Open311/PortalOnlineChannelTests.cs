using System.Net;
using System.Text.RegularExpressions;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Grassroots.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.ServiceRequests.Open311;

/// <summary>The portal's online channel: submit → receipt → track → follow-up, without login.</summary>
public sealed partial class PortalOnlineChannelTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_resident_submits_tracks_and_answers_the_follow_up(DatabaseKind kind)
    {
        await using var factory = await Open311TestHost.CreateAsync(kind);
        var browser = factory.CreateBrowserlikeClient();
        var guide = await Open311TestHost.GuideAsync(factory);

        // The form shows the guide's materials and time limit, and the places.
        var page = await browser.GetStringAsync($"/service/submit?item={guide.ItemCode}");
        Assert.Contains(guide.Materials[0], page);
        Assert.Contains($"{guide.TimeLimitDays} 个工作日", page);
        Assert.Contains("乔官镇", page);
        Assert.Contains("value=\"370725107277\"", page);

        // Bad input: a Chinese message per field, nothing typed is lost.
        var bad = await PostFormAsync(browser, "/service/submit", page, new()
        {
            ["ItemCode"] = guide.ItemCode, ["Name"] = "", ["Phone"] = "12345", ["TownCode"] = "370725107", ["VillageCode"] = "",
            ["Description"] = "家里老人行动不便，申请上门办理。",
        });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("请填写「姓名」", badHtml);
        Assert.Contains("「联系电话」不是有效的手机或固定电话号码", badHtml);
        Assert.Contains("请选择「所在村（社区）」", badHtml);
        Assert.Contains("家里老人行动不便，申请上门办理。", badHtml);
        Assert.Contains("value=\"12345\"", badHtml);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Empty(scope.ServiceProvider.GetRequiredService<PublicRequestReader>().Requests);
        }

        // A village of another town is refused too.
        var wrongTown = await PostFormAsync(browser, "/service/submit", page, new()
        {
            ["ItemCode"] = guide.ItemCode, ["Name"] = "王小明", ["Phone"] = "13800001234", ["TownCode"] = "370725001", ["VillageCode"] = "370725107277",
            ["Description"] = "申请",
        });
        Assert.Contains("请选择「所在村（社区）」", WebUtility.HtmlDecode(await wrongTown.Content.ReadAsStringAsync()));

        var ok = await PostFormAsync(browser, "/service/submit", page, new()
        {
            ["ItemCode"] = guide.ItemCode, ["Name"] = "王小明", ["Phone"] = "138 0000 1234", ["TownCode"] = "370725107", ["VillageCode"] = "370725107277",
            ["Description"] = "家里老人行动不便，申请上门办理。",
        });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var receiptHtml = await ok.Content.ReadAsStringAsync();
        var receipt = ReceiptCode().Match(receiptHtml).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(receipt), receiptHtml);
        var secret = TrackingCode().Match(receiptHtml).Groups[1].Value;
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", secret);
        Assert.Contains("action=\"/service/track\"", receiptHtml);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var record = await scope.ServiceProvider.GetRequiredService<IServiceRequestPipeline>().FindByReceiptAsync(receipt, CancellationToken.None);
            Assert.NotNull(record);
            Assert.Equal(ServiceChannel.Online, record.Channel);
            Assert.Equal("370725107277", record.OrgUnitCode);
            Assert.Contains(record.DueDate!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), receiptHtml);
            Assert.Equal("13800001234", await scope.ServiceProvider.GetRequiredService<PublicRequestReader>().RequesterPhoneAsync(record.ContentItemId, CancellationToken.None));
        }

        // Track by code (any case): the code alone asks for the secret; code and secret (any case, no dashes) → the status page.
        var redirect = await browser.GetAsync($"/service/track?code={receipt.ToLowerInvariant()}");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal($"/service/track/{receipt}", redirect.Headers.Location!.OriginalString);
        var ask = WebUtility.HtmlDecode(await browser.GetStringAsync($"/service/track/{receipt}"));
        Assert.Contains("查询密码", ask);
        Assert.DoesNotContain("data-timeline", ask);
        var status = await TrackAsync(browser, receipt.ToLowerInvariant(), secret.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());
        Assert.Contains(guide.ItemName, status);
        Assert.Contains("受理登记", status);
        Assert.DoesNotContain("王小明", status);
        Assert.DoesNotContain("13800001234", status);
        Assert.DoesNotContain("follow-up", status);

        var unknown = await browser.GetAsync("/service/track/20000101-XXXXXX");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("未找到回执码为 20000101-XXXXXX 的诉求", WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync()));

        // 补办: the clock stops and the page lists the missing materials, not the staff's note.
        await Open311TestHost.RequestMaterialsAsync(factory, receipt, "户口簿", "困难情况说明");
        status = await TrackAsync(browser, receipt, secret);
        Assert.Contains("已停止计时（待补材料：户口簿、困难情况说明）", status);
        Assert.DoesNotContain("请补齐后到窗口提交", status);
        Assert.Contains("户口簿、困难情况说明", status[status.IndexOf("data-timeline", StringComparison.Ordinal)..]);
        Assert.DoesNotContain(GrassrootsFactory.AdminUserName + "<", status);

        await Open311TestHost.CompleteAsync(factory, receipt, "救助金已发放到户。");
        status = await TrackAsync(browser, receipt, secret);
        Assert.Contains("已办结", status);
        Assert.Contains("救助金已发放到户。", status[status.IndexOf("data-timeline", StringComparison.Ordinal)..]);
        Assert.Contains("id=\"follow-up\"", status);
        Assert.Contains("非常不满意", status);

        // A wrong phone tail is refused; the request stays completed.
        var wrong = await PostFormAsync(browser, $"/service/track/{receipt}", status, new() { ["TrackingCode"] = secret, ["PhoneTail"] = "9999", ["Satisfaction"] = "5", ["Comment"] = "很好" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var wrongHtml = WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync());
        Assert.Contains("手机号后四位与登记的号码不一致", wrongHtml);
        Assert.Contains("很好", wrongHtml);
        Assert.Equal(ServiceStage.Completed, (await FindAsync(factory, receipt)).Stage);

        var answered = await PostFormAsync(browser, $"/service/track/{receipt}", status, new() { ["TrackingCode"] = secret, ["PhoneTail"] = "1234", ["Satisfaction"] = "4", ["Comment"] = "办事效率高" });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.True(answered.Headers.CacheControl?.NoStore);
        var closed = await FindAsync(factory, receipt);
        Assert.Equal(ServiceStage.Closed, closed.Stage);
        Assert.Equal(Satisfaction.Satisfied, closed.Satisfaction);
        Assert.Equal(FollowUpMethod.Online, closed.FollowUpMethod);
        status = WebUtility.HtmlDecode(await answered.Content.ReadAsStringAsync());
        Assert.Contains("感谢您的评价", status);
        Assert.Contains("已办结（已回访）", status);
        Assert.DoesNotContain("id=\"follow-up\"", status);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_dissatisfied_answer_needs_a_cause_and_reopens_the_request_with_it(DatabaseKind kind)
    {
        await using var factory = await Open311TestHost.CreateAsync(kind);
        var client = factory.CreateClient();
        var guide = await Open311TestHost.GuideAsync(factory);
        var (receipt, secret) = await Open311TestHost.SubmitAsync(client, guide.ItemCode);
        await Open311TestHost.CompleteAsync(factory, receipt);

        var browser = factory.CreateBrowserlikeClient();
        var status = await TrackAsync(browser, receipt, secret);
        var noCause = await PostFormAsync(browser, $"/service/track/{receipt}", status, new() { ["TrackingCode"] = secret, ["PhoneTail"] = "1234", ["Satisfaction"] = "2" });
        Assert.Contains("请在「意见建议」中写明不满意的原因", WebUtility.HtmlDecode(await noCause.Content.ReadAsStringAsync()));
        Assert.Equal(ServiceStage.Completed, (await FindAsync(factory, receipt)).Stage);

        var answered = await PostFormAsync(browser, $"/service/track/{receipt}", status, new() { ["TrackingCode"] = secret, ["PhoneTail"] = "1234", ["Satisfaction"] = "1", ["Comment"] = "材料没有寄到" });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("已转回承办单位重新办理", WebUtility.HtmlDecode(await answered.Content.ReadAsStringAsync()));
        var record = await FindAsync(factory, receipt);
        Assert.Equal(1, record.RedoCount);
        Assert.True(PublicRequestReader.IsOpenStage(record.Stage), record.Stage.ToString());
        await using var scope = factory.Services.CreateAsyncScope();
        var events = await scope.ServiceProvider.GetRequiredService<IServiceRequestPipeline>().GetEventsAsync(record.ContentItemId, CancellationToken.None);
        Assert.Contains(events, e => e.Kind == ServiceEventKinds.Reopened && e.Reason == "材料没有寄到");

        // Reopened: open again for Open311, and no follow-up form until it is completed again.
        var json = await Open311TestHost.GetJsonAsync(client, $"/open311/v2/requests/{receipt}.json");
        Assert.Equal("open", json[0]!["status"]!.GetValue<string>());
        Assert.DoesNotContain("id=\"follow-up\"", await TrackAsync(browser, receipt, secret));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Wrong_phone_tails_count_toward_the_limit(DatabaseKind kind)
    {
        await using var factory = await Open311TestHost.CreateAsync(kind, submitLimit: 3);
        var client = factory.CreateClient();
        var guide = await Open311TestHost.GuideAsync(factory, immediate: true);
        var (receipt, secret) = await Open311TestHost.SubmitAsync(client, guide.ItemCode);
        await Open311TestHost.CompleteAsync(factory, receipt);

        var browser = factory.CreateBrowserlikeClient();
        var status = await TrackAsync(browser, receipt, secret);
        Assert.Contains("即办", WebUtility.HtmlDecode(await browser.GetStringAsync("/service/submit?item=" + guide.ItemCode)));
        for (var i = 0; i < 2; i++)
        {
            var wrong = await PostFormAsync(browser, $"/service/track/{receipt}", status, new() { ["TrackingCode"] = secret, ["PhoneTail"] = "000" + i, ["Satisfaction"] = "5" });
            Assert.Contains("手机号后四位与登记的号码不一致", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()));
        }

        var refused = await PostFormAsync(browser, $"/service/track/{receipt}", status, new() { ["TrackingCode"] = secret, ["PhoneTail"] = "1234", ["Satisfaction"] = "5" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("提交过于频繁", await refused.Content.ReadAsStringAsync());
        Assert.Equal(ServiceStage.Completed, (await FindAsync(factory, receipt)).Stage);
    }

    private static async Task<ServiceRequestRecord> FindAsync(GrassrootsFactory factory, string receipt)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IServiceRequestPipeline>().FindByReceiptAsync(receipt, CancellationToken.None))!;
    }

    /// <summary>Opens the status page through the tracking form with the receipt code and the secret (HTML-decoded).</summary>
    internal static async Task<string> TrackAsync(HttpClient browser, string receipt, string secret)
    {
        var form = await browser.GetStringAsync("/service/track");
        var response = await PostFormAsync(browser, "/service/track", form, new() { ["Code"] = receipt, ["TrackingCode"] = secret });
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK && html.Contains("data-timeline", StringComparison.Ordinal), $"{(int)response.StatusCode} {html}");
        Assert.True(response.Headers.CacheControl?.NoStore);
        return html;
    }

    internal static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string page, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = GrassrootsFactory.AntiforgeryToken(page);
        return client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("data-receipt-code>([^<]+)<")]
    internal static partial Regex ReceiptCode();

    [GeneratedRegex("data-tracking-code>([^<]+)<")]
    internal static partial Regex TrackingCode();
}
