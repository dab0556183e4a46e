using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Data;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Grassroots.Tests.ServiceRequests.Screens.ScreensTestSetup;

namespace Grassroots.Tests.ServiceRequests.Screens;

/// <summary>The staff screens of the pipeline, driven like a browser, and the JSON API.</summary>
public sealed class ServiceRequestScreensTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_clerk_registers_through_the_form_gets_a_receipt_and_sees_the_request_masked_in_the_list(DatabaseKind kind)
    {
        await using var factory = await CreateSeededAsync(kind);
        using var browser = await JurisdictionTestUsers.LoginAsync(factory, Dispatcher);

        // The form offers the clerk's point and the published guide with its time limit.
        var form = await JurisdictionTestUsers.PageAsync(browser, "/admin/service/requests/new");
        Assert.Contains($"<option value=\"{Room}\" selected=\"selected\">", form);
        Assert.Contains(ItemName + "（承诺 5 个工作日）", form);
        Assert.Contains("<option value=\"370725001036\"", form);
        Assert.DoesNotContain("<option value=\"370725107277\"", form);

        // Missing phone and description: Chinese messages next to the fields; the name and the uploaded file are kept.
        var token = JurisdictionTestUsers.Token(form);
        var bad = await browser.PostAsync("/admin/service/requests/new", Multipart(token,
            ("PointCode", Room), ("Channel", "window"), ("ItemCode", ItemCode), ("RequesterName", "王秀兰"), ("RequesterPhone", ""),
            ("OrgUnitCode", "370725001036"), ("Description", "")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badHtml = await HtmlAsync(bad);
        Assert.Contains("请填写联系电话", badHtml);
        Assert.Contains("请填写诉求内容", badHtml);
        Assert.Contains("value=\"王秀兰\"", badHtml);
        Assert.Contains("收入证明.pdf", badHtml);
        var kept = System.Text.RegularExpressions.Regex.Match(badHtml, "name=\"AttachmentIds\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(kept);

        // Complete: a redirect to the printable receipt.
        var ok = await browser.PostAsync("/admin/service/requests/new", Multipart(JurisdictionTestUsers.Token(badHtml), withFile: false,
            ("PointCode", Room), ("Channel", "window"), ("ItemCode", ItemCode), ("RequesterName", "王秀兰"), ("RequesterPhone", Phone),
            ("OrgUnitCode", "370725001036"), ("Description", "申请城乡低保"), ("AttachmentIds", kept)));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var receiptUrl = ok.Headers.Location!.ToString();
        Assert.Matches("^/admin/service/requests/[^/]+/receipt$", receiptUrl);
        var receipt = await JurisdictionTestUsers.PageAsync(browser, receiptUrl);
        var code = System.Text.RegularExpressions.Regex.Match(receipt, "id=\"receipt-code\">([^<]+)<").Groups[1].Value;
        Assert.NotEmpty(code);
        Assert.Contains("家庭收入证明", receipt);
        Assert.Contains("/service/track?code=" + code, receipt);
        Assert.Contains("承诺件，5 个工作日", receipt);

        // The list shows it, sorted by deadline, with the phone masked; the handling page lists the attachment.
        var list = await JurisdictionTestUsers.PageAsync(browser, "/admin/service/requests");
        Assert.Contains($"data-receipt=\"{code}\"", list);
        Assert.Contains("待分流", list);
        Assert.DoesNotContain(Phone, list);
        Assert.Contains("剩余", list);
        var detailUrl = receiptUrl[..^"/receipt".Length];
        var detail = await JurisdictionTestUsers.PageAsync(browser, detailUrl);
        Assert.Contains("收入证明.pdf", detail);
        Assert.DoesNotContain(Phone, detail);
        Assert.Contains("受理登记", detail);
        Assert.Contains("/admin/content/item/", detail);

        // "我的队列": requests held at the clerk's points.
        var mine = await JurisdictionTestUsers.PageAsync(browser, "/admin/service/requests?tab=mine");
        Assert.Contains($"data-receipt=\"{code}\"", mine);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task The_API_registers_filters_masks_and_keeps_other_towns_out(DatabaseKind kind)
    {
        await using var factory = await CreateSeededAsync(kind);
        using var api = await factory.CreateApiClientAsync(Dispatcher, JurisdictionTestUsers.Password);

        // Field errors in Chinese as problem details.
        var invalid = await api.PostAsJsonAsync("/api/service-requests", new { pointCode = Room, itemCode = ItemCode, channel = "phone", requesterName = "王秀兰" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = (await invalid.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("请填写联系电话", problem["errors"]!["requesterPhone"]![0]!.GetValue<string>());
        Assert.Contains("请填写诉求内容", problem["errors"]!["description"]![0]!.GetValue<string>());

        var (id, code) = await RegisterAsync(api);

        // The list filters, and the phone is masked.
        var page = (await api.GetFromJsonAsync<JsonObject>($"/api/service-requests?code={code}"))!;
        Assert.Equal(1, page["total"]!.GetValue<int>());
        var row = page["items"]![0]!;
        Assert.Equal("awaiting-dispatch", row["stage"]!.GetValue<string>());
        Assert.NotEqual(Phone, row["requesterPhone"]!.GetValue<string>());
        Assert.NotEmpty(row["requesterPhone"]!.GetValue<string>());
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonObject>($"/api/service-requests?code={code}&stage=completed"))!["total"]!.GetValue<int>());
        Assert.Equal(1, (await api.GetFromJsonAsync<JsonObject>($"/api/service-requests?code={code}&channel=phone&item={ItemCode}&town=370725001"))!["total"]!.GetValue<int>());
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonObject>($"/api/service-requests?code={code}&channel=window"))!["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/service-requests?from=yesterday")).StatusCode);
        var detail = (await api.GetFromJsonAsync<JsonObject>($"/api/service-requests/{id}"))!;
        Assert.Equal(ServiceEventKinds.Registered, detail["events"]![0]!["kind"]!.GetValue<string>());
        Assert.NotEqual(Phone, detail["request"]!["requesterPhone"]!.GetValue<string>());

        // Another town sees nothing and gets 404 on the request, on the API and the screens.
        using var other = await factory.CreateApiClientAsync(OtherTown, JurisdictionTestUsers.Password);
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonObject>($"/api/service-requests?code={code}"))!["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/service-requests/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/service-requests/{id}/dispatch", new { windowCode = Window })).StatusCode);
        using var otherBrowser = await JurisdictionTestUsers.LoginAsync(factory, OtherTown);
        Assert.Equal(HttpStatusCode.NotFound, (await otherBrowser.GetAsync($"/admin/service/requests/{id}")).StatusCode);
        Assert.DoesNotContain(code, await JurisdictionTestUsers.PageAsync(otherBrowser, "/admin/service/requests"));

        // Without the permission: 403.
        await JurisdictionTestUsers.CreateAsync(factory, "scr-grid", "370725001036", "GridMember");
        using var grid = await factory.CreateApiClientAsync("scr-grid", JurisdictionTestUsers.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.GetAsync("/api/service-requests")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.PostAsJsonAsync("/api/service-requests", new { itemCode = ItemCode })).StatusCode);

        // Dispatch through the API; a stale version is a conflict.
        var version = detail["request"]!["version"]!.GetValue<int>();
        var dispatched = await api.PostAsJsonAsync($"/api/service-requests/{id}/dispatch", new { windowCode = Window, version });
        Assert.True(dispatched.IsSuccessStatusCode, await dispatched.Content.ReadAsStringAsync());
        Assert.Equal("awaiting-acceptance", (await dispatched.Content.ReadFromJsonAsync<JsonObject>())!["request"]!["stage"]!.GetValue<string>());
        var stale = await api.PostAsJsonAsync($"/api/service-requests/{id}/escalate", new { reason = "本级无法办理", version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var missing = await api.PostAsJsonAsync($"/api/service-requests/{id}/dispatch", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("请选择承办窗口", await missing.Content.ReadAsStringAsync());
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task The_handling_page_offers_the_stage_actions_and_keeps_a_send_back_without_reason(DatabaseKind kind)
    {
        await using var factory = await CreateSeededAsync(kind);
        using var api = await factory.CreateApiClientAsync(Dispatcher, JurisdictionTestUsers.Password);
        var (id, _) = await RegisterAsync(api);
        var url = $"/admin/service/requests/{id}";

        // 待分流 at the room: the dispatcher may dispatch (the window with the item first) or escalate; nothing else.
        using var dispatcher = await JurisdictionTestUsers.LoginAsync(factory, Dispatcher);
        var page = await JurisdictionTestUsers.PageAsync(dispatcher, url);
        Assert.Equal(["dispatch", "escalate"], Actions(page));
        var windowOptions = System.Text.RegularExpressions.Regex.Matches(page, "<option value=\"(370725001-R-W-[A-Z]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(Window, windowOptions[0]);
        Assert.Contains("推荐（权责清单内）", page);

        // A dispatch without a window keeps the typed comment and names the field.
        var failed = await PostFormAsync(dispatcher, url, url + "/dispatch", [new("WindowCode", ""), new("Comment", "请尽快办理")]);
        Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        var failedHtml = await HtmlAsync(failed);
        Assert.Contains("请选择承办窗口", failedHtml);
        Assert.Contains("value=\"请尽快办理\"", failedHtml);

        var dispatched = await PostFormAsync(dispatcher, url, url + "/dispatch", [new("WindowCode", Window), new("Comment", "请尽快办理")]);
        Assert.Equal(HttpStatusCode.Redirect, dispatched.StatusCode);
        Assert.Contains("已分流交办", await JurisdictionTestUsers.PageAsync(dispatcher, url));
        Assert.Empty(Actions(await JurisdictionTestUsers.PageAsync(dispatcher, url)));

        // 待签收 at the 民政窗口, whose catalogue has the item: accept only, and the page says why there is no send-back.
        using var clerk = await JurisdictionTestUsers.LoginAsync(factory, WindowClerk);
        page = await JurisdictionTestUsers.PageAsync(clerk, url);
        Assert.Equal(["accept"], Actions(page));
        Assert.Contains("该事项在本窗口的权责清单内，不能退单", page);

        // A second request dispatched to the 城建窗口, whose catalogue lost the item afterwards: accept or send back.
        var (second, _) = await RegisterAsync(api, "李建国");
        await SetAuthorityAsync(factory, OtherWindow, true);
        Assert.True((await api.PostAsJsonAsync($"/api/service-requests/{second}/dispatch", new { windowCode = OtherWindow })).IsSuccessStatusCode);
        await SetAuthorityAsync(factory, OtherWindow, false);
        url = $"/admin/service/requests/{second}";
        page = await JurisdictionTestUsers.PageAsync(clerk, url);
        Assert.Equal(["accept", "send-back"], Actions(page));
        Assert.Contains("只有不在本窗口权责清单内的事项才能退单", page);

        // A send-back without a reason: the form comes back with the Chinese message.
        var noReason = await PostFormAsync(clerk, url, url + "/send-back", [new("Reason", "  ")]);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var noReasonHtml = await HtmlAsync(noReason);
        Assert.Contains("请填写退单理由", noReasonHtml);
        Assert.Contains("data-action=\"send-back\"", noReasonHtml);
        Assert.Contains("is-invalid", noReasonHtml);

        var sentBack = await PostFormAsync(clerk, url, url + "/send-back", [new("Reason", "不属于城建窗口职责")]);
        Assert.Equal(HttpStatusCode.Redirect, sentBack.StatusCode);
        var timeline = await JurisdictionTestUsers.PageAsync(dispatcher, url);
        Assert.Contains("不属于城建窗口职责", timeline);
        Assert.Contains("data-kind=\"sent-back\"", timeline);
        Assert.Equal(["dispatch", "escalate"], Actions(timeline));

        // The window clerk has no more actions once it is back at the room; an unknown action is 404.
        Assert.Empty(Actions(await JurisdictionTestUsers.PageAsync(clerk, url)));
        Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(clerk, url, url + "/explode", [])).StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task The_supervision_list_shows_an_overdue_request_in_the_jurisdiction(DatabaseKind kind)
    {
        await using var factory = await CreateSeededAsync(kind);
        using var api = await factory.CreateApiClientAsync(Dispatcher, JurisdictionTestUsers.Password);
        var (id, code) = await RegisterAsync(api);

        // Its deadline passed ten days ago; the sweep puts it on the list.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
            var record = await db.Set<ServiceRequestRecord>().SingleAsync(r => r.ContentItemId == id);
            var due = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-10));
            record.DueDate = due;
            record.DueUtc = due.ToDateTime(new TimeOnly(15, 59, 59), DateTimeKind.Utc);
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<IServiceRequestPipeline>().SuperviseOverdueAsync(CancellationToken.None);
        }

        using var browser = await JurisdictionTestUsers.LoginAsync(factory, Dispatcher);
        var list = await JurisdictionTestUsers.PageAsync(browser, "/admin/service/supervision");
        Assert.Contains($"data-receipt=\"{code}\"", list);
        Assert.Matches("已逾期 [1-9]\\d* 天", list);
        Assert.Contains("宝都街道群众工作室", list);
        Assert.Contains("县群众工作中心", list);

        var overdue = await JurisdictionTestUsers.PageAsync(browser, "/admin/service/requests?tab=overdue");
        Assert.Contains($"data-receipt=\"{code}\"", overdue);
        Assert.Contains("data-deadline=\"overdue\"", overdue);

        using var other = await JurisdictionTestUsers.LoginAsync(factory, OtherTown);
        Assert.DoesNotContain(code, await JurisdictionTestUsers.PageAsync(other, "/admin/service/supervision"));
    }

    private static MultipartFormDataContent Multipart(string token, params (string Name, string Value)[] fields)
        => Multipart(token, true, fields);

    private static MultipartFormDataContent Multipart(string token, bool withFile, params (string Name, string Value)[] fields)
    {
        var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        if (withFile)
        {
            var file = new ByteArrayContent("%PDF-1.4 test"u8.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            content.Add(file, "files", "收入证明.pdf");
        }

        return content;
    }
}
