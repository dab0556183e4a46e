using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.ContentManagement;
using Grassroots.Data;
using Grassroots.Security;
using Grassroots.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Grassroots.Tests.Security.JurisdictionTestUsers;

namespace Grassroots.Tests.Security;

/// <summary>Sensitive values are masked everywhere unless revealed with a reason by a user holding 查看敏感信息.</summary>
public sealed class SensitiveDataTests
{
    private const string Tuanbupo = "370725107277";

    internal static async Task<string> CreateReportAsync(GrassrootsFactory factory, string name = "王小强", string phone = "13812345678")
    {
        using var admin = await factory.CreateApiClientAsync();
        var response = await admin.PostAsJsonAsync("/api/content/OpinionReport", new
        {
            orgUnitCode = Tuanbupo,
            published = true,
            content = new JsonObject
            {
                ["OpinionReport"] = new JsonObject
                {
                    ["Summary"] = new JsonObject { ["value"] = "反映村西路灯损坏" },
                    ["Category"] = new JsonObject { ["value"] = "opinion" },
                    ["VisitDate"] = new JsonObject { ["value"] = "2026-11-20" },
                },
                ["ContactPart"] = new JsonObject
                {
                    ["Name"] = new JsonObject { ["value"] = name },
                    ["Phone"] = new JsonObject { ["value"] = phone },
                },
            },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        // Even the creator's response is masked (nothing revealed yet).
        Assert.Equal(phone[..3] + "****" + phone[^4..], created["content"]!["ContactPart"]!["Phone"]!["value"]!.GetValue<string>());
        return created["contentItemId"]!.GetValue<string>();
    }

    private static async Task<ContentItem> StoredAsync(GrassrootsFactory factory, string id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IContentManager>().GetAsync(id, VersionOptions.Latest))!;
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Values_are_masked_for_a_clerk_and_kept_when_the_mask_is_sent_back(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        var id = await CreateReportAsync(factory);
        await CreateAsync(factory, "tbp-clerk", Tuanbupo, "VillageStaff");
        using var api = await factory.CreateApiClientAsync("tbp-clerk", Password);

        // API detail and versions/diff are masked.
        var item = (await api.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!;
        Assert.Equal("王*强", item["content"]!["ContactPart"]!["Name"]!["value"]!.GetValue<string>());
        Assert.Equal("138****5678", item["content"]!["ContactPart"]!["Phone"]!["value"]!.GetValue<string>());
        var versions = (await api.GetFromJsonAsync<JsonArray>($"/api/content/{id}/versions"))!;
        var diff = await api.GetStringAsync($"/api/content/{id}/versions/{versions[0]!["versionId"]!.GetValue<string>()}/diff");
        Assert.Contains("138****5678", diff);
        Assert.DoesNotContain("13812345678", diff);

        // Sending the masked values back with another change keeps the stored values.
        var summary = item["content"]!["OpinionReport"]!["Summary"]!.AsObject();
        summary["value"] = "反映村西路灯损坏（已报修）";
        var put = await api.PutAsJsonAsync($"/api/content/{id}", new
        {
            concurrencyStamp = item["concurrencyStamp"]!.GetValue<string>(),
            content = item["content"]!.DeepClone(),
        });
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var stored = await StoredAsync(factory, id);
        Assert.Equal("13812345678", stored.GetFieldValue("ContactPart", "Phone")!.GetValue<string>());
        Assert.Equal("王小强", stored.GetFieldValue("ContactPart", "Name")!.GetValue<string>());
        Assert.Equal("反映村西路灯损坏（已报修）", stored.GetFieldValue("OpinionReport", "Summary")!.GetValue<string>());

        // Screens: the preview and the edit form show masks only, and no reveal button without the permission.
        using var browser = await LoginAsync(factory, "tbp-clerk");
        var preview = await PageAsync(browser, $"/admin/content/item/{id}");
        Assert.Contains("138****5678", preview);
        Assert.Contains("王*强", preview);
        Assert.DoesNotContain("13812345678", preview);
        Assert.DoesNotContain("/reveal", preview);
        var edit = await PageAsync(browser, $"/admin/content/item/{id}/edit");
        Assert.Contains("value=\"138****5678\"", edit);
        Assert.DoesNotContain("13812345678", edit);
        var versionsPage = await PageAsync(browser, $"/admin/content/item/{id}/versions?version={versions[0]!["versionId"]!.GetValue<string>()}");
        Assert.DoesNotContain("13812345678", versionsPage);

        // Posting the edit form unchanged keeps the clear phone.
        var form = new MultipartFormDataContent
        {
            { new StringContent(Token(edit)), "__RequestVerificationToken" },
            { new StringContent(System.Text.RegularExpressions.Regex.Match(edit, "name=\"concurrencyStamp\" value=\"([^\"]+)\"").Groups[1].Value), "concurrencyStamp" },
            { new StringContent(Tuanbupo), "orgUnitCode" },
            { new StringContent("反映村西路灯损坏（第二次）"), "f.OpinionReport.Summary" },
            { new StringContent("opinion"), "f.OpinionReport.Category" },
            { new StringContent("2026-11-20"), "f.OpinionReport.VisitDate" },
            { new StringContent("王*强"), "f.ContactPart.Name" },
            { new StringContent("138****5678"), "f.ContactPart.Phone" },
            { new StringContent("save"), "submit" },
        };
        var saved = await browser.PostAsync($"/admin/content/item/{id}/edit", form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        stored = await StoredAsync(factory, id);
        Assert.Equal("13812345678", stored.GetFieldValue("ContactPart", "Phone")!.GetValue<string>());
        Assert.Equal("王小强", stored.GetFieldValue("ContactPart", "Name")!.GetValue<string>());
        Assert.Equal("反映村西路灯损坏（第二次）", stored.GetFieldValue("OpinionReport", "Summary")!.GetValue<string>());

        // Without 查看敏感信息 the API refuses a reveal.
        var reveal = await api.PostAsJsonAsync($"/api/content/{id}/reveal", new { reason = "核实来电人身份" });
        Assert.Equal(HttpStatusCode.Forbidden, reveal.StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task County_admin_with_the_permission_reveals_with_a_reason_and_the_reveal_is_audited(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        var id = await CreateReportAsync(factory);
        await GrantAsync(factory, "SensitiveViewer", StandardPermissions.ViewSensitiveData.Name);
        await CreateAsync(factory, "county-admin", "370725", "CountyAdmin", "SensitiveViewer");
        using var api = await factory.CreateApiClientAsync("county-admin", Password);

        var before = (await api.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!;
        Assert.Equal("138****5678", before["content"]!["ContactPart"]!["Phone"]!["value"]!.GetValue<string>());

        // No reason (or too short): 400 with a Chinese message.
        var empty = await api.PostAsJsonAsync($"/api/content/{id}/reveal", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("查看原因", await empty.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync($"/api/content/{id}/reveal", new { reason = "查" })).StatusCode);

        var reveal = await api.PostAsJsonAsync($"/api/content/{id}/reveal", new { reason = "核实来电人身份" });
        Assert.Equal(HttpStatusCode.OK, reveal.StatusCode);
        var expires = (await reveal.Content.ReadFromJsonAsync<JsonObject>())!["expiresUtc"]!.GetValue<DateTime>();
        Assert.InRange(expires.ToUniversalTime(), DateTime.UtcNow.AddMinutes(10), DateTime.UtcNow.AddMinutes(16));

        var after = (await api.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!;
        Assert.Equal("13812345678", after["content"]!["ContactPart"]!["Phone"]!["value"]!.GetValue<string>());
        Assert.Equal("王小强", after["content"]!["ContactPart"]!["Name"]!["value"]!.GetValue<string>());

        // Another item stays masked; another user (the administrator) still sees masks for this one.
        var other = (await api.GetFromJsonAsync<JsonObject>("/api/content/demo-opinion-hs-0001"))!;
        Assert.Equal("王*兰", other["content"]!["ContactPart"]!["Name"]!["value"]!.GetValue<string>());
        using var admin = await factory.CreateApiClientAsync();
        var adminView = (await admin.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!;
        Assert.Equal("138****5678", adminView["content"]!["ContactPart"]!["Phone"]!["value"]!.GetValue<string>());

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
            var entries = await db.Set<AuditEntryRecord>().Where(e => e.Action == "sensitive.revealed" && e.ContentItemId == id).ToListAsync();
            var entry = Assert.Single(entries);
            Assert.Equal("county-admin", entry.UserName);
            Assert.Contains("核实来电人身份", entry.Data);
        }

        // The screen: a 查看敏感信息 button, a reason form (Chinese message when too short), then clear values and a notice.
        var id2 = await CreateReportAsync(factory, "赵敏", "13911112222");
        using var browser = await LoginAsync(factory, "county-admin");
        var preview = await PageAsync(browser, $"/admin/content/item/{id2}");
        Assert.Contains($"/admin/content/item/{id2}/reveal", preview);
        Assert.Contains("139****2222", preview);
        var form = await PageAsync(browser, $"/admin/content/item/{id2}/reveal");
        var shortReason = await browser.PostAsync($"/admin/content/item/{id2}/reveal", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(form), ["reason"] = "查",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, shortReason.StatusCode);
        Assert.Contains("至少 4 个字", WebUtility.HtmlDecode(await shortReason.Content.ReadAsStringAsync()));
        var ok = await browser.PostAsync($"/admin/content/item/{id2}/reveal", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(form), ["reason"] = "上门走访需要联系",
        }));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var revealed = await PageAsync(browser, ok.Headers.Location!.OriginalString);
        Assert.Contains("13911112222", revealed);
        Assert.Contains("赵敏", revealed);
        Assert.Contains("敏感信息已显示，至", revealed);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Per_type_permission_lets_a_role_list_notices_but_not_opinion_reports(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);

        // The provider declares per-type permissions with Chinese descriptions.
        var permissions = factory.Services.GetServices<IPermissionProvider>().SelectMany(p => p.GetPermissions()).ToList();
        Assert.Contains(permissions, p => p.Name == "ViewContent_OpinionReport" && p.Description == "查看「民情信息」");
        Assert.Contains(permissions, p => p.Name == "DeleteOwnContent_Notice");

        await GrantAsync(factory, "NoticeReader", StandardPermissions.AccessAdminPanel.Name, "ViewContent_Notice");
        await CreateAsync(factory, "notice-reader", "370725", "NoticeReader");
        using var api = await factory.CreateApiClientAsync("notice-reader", Password);

        var all = (await api.GetFromJsonAsync<JsonObject>("/api/content?pageSize=100"))!;
        var types = all["items"]!.AsArray().Select(i => i!["contentType"]!.GetValue<string>()).Distinct().ToList();
        Assert.Equal(["Notice"], types);
        Assert.Equal(all["items"]!.AsArray().Count, all["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/content?type=Notice")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/content?type=OpinionReport")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/content/demo-notice-baodu-0001")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/content/demo-opinion-hs-0001")).StatusCode);
        // Viewing does not allow editing.
        var notice = (await api.GetFromJsonAsync<JsonObject>("/api/content/demo-notice-baodu-0001"))!;
        var put = await api.PutAsJsonAsync("/api/content/demo-notice-baodu-0001", new { concurrencyStamp = notice["concurrencyStamp"]!.GetValue<string>() });
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);

        using var browser = await LoginAsync(factory, "notice-reader");
        var list = await PageAsync(browser, "/admin/content/Notice");
        Assert.Contains("demo-notice-county-0001", list);
        // The menu lists the notices and not the opinion reports.
        Assert.Contains("href=\"/admin/content/Notice\"", list);
        Assert.DoesNotContain("href=\"/admin/content/OpinionReport\"", list);
        var denied = await browser.GetAsync("/admin/content/OpinionReport");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/access-denied", denied.Headers.Location!.AbsolutePath.Length > 0 && denied.Headers.Location.IsAbsoluteUri ? denied.Headers.Location.AbsolutePath : denied.Headers.Location.OriginalString);
        var mixed = await PageAsync(browser, "/admin/content");
        Assert.DoesNotContain("demo-opinion-", mixed);
    }
}
