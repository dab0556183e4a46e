using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Data;
using Grassroots.ServiceRequests.Models;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Grassroots.Tests.ServiceRequests.Open311.PortalOnlineChannelTests;
using static Grassroots.Tests.ServiceRequests.Screens.ScreensTestSetup;

namespace Grassroots.Tests.ServiceRequests.Open311;

/// <summary>
/// Issue 11, point 4 (decision 0011): the receipt code is a public id; tracking and the online follow-up need the private
/// secret (查询密码) printed only on the requester's receipt; wrong secrets are limited per request and per address.
/// </summary>
public sealed class TrackingSecretTests
{
    private const string Result = "救助金已发放到户，请注意查收。";

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Open311_answers_and_the_database_hold_nothing_that_opens_tracking(DatabaseKind kind)
    {
        await using var factory = await Open311TestHost.CreateAsync(kind);
        var client = factory.CreateClient();
        var guide = await Open311TestHost.GuideAsync(factory);
        var (receipt, secret) = await Open311TestHost.SubmitAsync(client, guide.ItemCode);
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", secret);
        Assert.DoesNotContain(secret, receipt);
        await Open311TestHost.RequestMaterialsAsync(factory, receipt, "户口簿", "困难情况说明");

        // Every public answer about the request: no secret (in any spelling), no missing materials, no result.
        var bare = secret.Replace("-", "", StringComparison.Ordinal);
        foreach (var url in new[]
        {
            "/open311/v2/requests.json", "/open311/v2/requests.xml", $"/open311/v2/requests/{receipt}.json", $"/open311/v2/requests/{receipt}.xml",
            $"/open311/v2/requests.json?service_request_id={receipt}", $"/open311/v2/tokens/{receipt}.json", $"/service/track/{receipt}",
        })
        {
            var response = await client.GetAsync(url);
            var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode}");
            Assert.Contains(receipt, body);
            Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(bare, body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("tracking_code", body);
            Assert.DoesNotContain("户口簿", body);
            Assert.DoesNotContain("困难情况说明", body);
        }

        // The database keeps a keyed hash only: neither the secret nor a plain hash of it.
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        var record = await db.Set<ServiceRequestRecord>().AsNoTracking().SingleAsync(r => r.ReceiptCode == receipt);
        var row = await db.Set<ServiceRequestTracking>().AsNoTracking().SingleAsync(t => t.ContentItemId == record.ContentItemId);
        Assert.Matches("^[0-9a-f]{64}$", row.SecretHash);
        var plain = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(bare)));
        Assert.NotEqual(plain, row.SecretHash);
        Assert.DoesNotContain(bare, row.SecretHash, StringComparison.OrdinalIgnoreCase);
        Assert.True(File.Exists(Path.Combine(factory.Database.DataPath, "keys", "service-tracking.key")));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task The_receipt_code_alone_opens_neither_tracking_nor_the_follow_up_and_the_secret_opens_both(DatabaseKind kind)
    {
        await using var factory = await Open311TestHost.CreateAsync(kind);
        var (receipt, secret) = await Open311TestHost.SubmitAsync(factory.CreateClient(), (await Open311TestHost.GuideAsync(factory)).ItemCode);
        await Open311TestHost.CompleteAsync(factory, receipt, Result);
        var browser = factory.CreateBrowserlikeClient();

        // The public id in the path or the form, without or with a wrong secret: the form again, nothing of the request.
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"/service/track/{receipt}"));
        Assert.DoesNotContain(Result, page);
        Assert.DoesNotContain("data-timeline", page);
        Assert.DoesNotContain("id=\"follow-up\"", page);
        var form = await browser.GetStringAsync("/service/track");
        foreach (var (typed, message) in new[] { ("", "请输入回执上的 12 位「查询密码」"), ("AAAA-BBBB-CCCC", "查询密码不正确"), (receipt, "请输入回执上的 12 位「查询密码」") })
        {
            var refused = await PostFormAsync(browser, "/service/track", form, new() { ["Code"] = receipt, ["TrackingCode"] = typed });
            var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
            Assert.Contains(message, html);
            Assert.DoesNotContain(Result, html);
            Assert.DoesNotContain("data-timeline", html);
        }

        // The follow-up with the right phone tail but without the secret is refused and changes nothing.
        var noSecret = await PostFormAsync(browser, $"/service/track/{receipt}", form, new() { ["PhoneTail"] = "1234", ["Satisfaction"] = "1", ["Comment"] = "没办好" });
        Assert.DoesNotContain(Result, WebUtility.HtmlDecode(await noSecret.Content.ReadAsStringAsync()));
        Assert.Equal(ServiceStage.Completed, (await FindAsync(factory, receipt)).Stage);

        // The secret from the receipt opens the page (result, follow-up form carrying the secret) and the follow-up.
        var status = await TrackAsync(browser, receipt, secret);
        Assert.Contains(Result, status);
        Assert.Contains($"name=\"TrackingCode\" value=\"{secret}\"", status);
        var answered = await PostFormAsync(browser, $"/service/track/{receipt}", status,
            new() { ["TrackingCode"] = secret, ["PhoneTail"] = "1234", ["Satisfaction"] = "5" });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("感谢您的评价", WebUtility.HtmlDecode(await answered.Content.ReadAsStringAsync()));
        Assert.Equal(ServiceStage.Closed, (await FindAsync(factory, receipt)).Stage);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Wrong_secrets_lock_the_request_whatever_the_address_until_a_reprint(DatabaseKind kind)
    {
        var (factory, (receipt, secret), (other, otherSecret)) = await TwoRequestsAsync(kind, perRequest: 3, perAddress: 100);
        await using var host = factory;

        // Three wrong secrets, each from another address: the third locks the request.
        for (var i = 1; i <= 3; i++)
        {
            var (status, html) = await TrackFromAsync(factory, $"203.0.113.{i}", receipt, "AAAA-BBBB-CCC" + i);
            if (i < 3)
            {
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Contains("查询密码不正确", html);
            }
            else
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, status);
                Assert.Contains("查询密码错误次数过多，该回执码已暂停查询，请 20 分钟后再试", html);
            }
        }

        // Locked: even the right secret from a fresh address is refused; another request is not affected.
        var (lockedStatus, lockedHtml) = await TrackFromAsync(factory, "198.51.100.7", receipt, secret);
        Assert.Equal(HttpStatusCode.TooManyRequests, lockedStatus);
        Assert.Contains("已暂停查询", lockedHtml);
        Assert.DoesNotContain("data-timeline", lockedHtml);
        var (otherStatus, otherHtml) = await TrackFromAsync(factory, "198.51.100.7", other, otherSecret);
        Assert.Equal(HttpStatusCode.OK, otherStatus);
        Assert.Contains("data-timeline", otherHtml);
        Assert.Single(await Users.UsersTestHelpers.AuditAsync(factory, "service.request.trackingLocked"));

        // A re-printed receipt (staff, audited) lifts the lock with a new secret; the old one no longer works.
        using var admin = await factory.CreateApiClientAsync();
        var id = (await FindAsync(factory, receipt)).ContentItemId;
        var reissue = await admin.PostAsync($"/api/service-requests/{id}/receipt", null);
        Assert.Equal(HttpStatusCode.OK, reissue.StatusCode);
        var fresh = (await reissue.Content.ReadFromJsonAsync<JsonObject>())!["trackingCode"]!.GetValue<string>();
        Assert.NotEqual(secret, fresh);
        Assert.Equal(HttpStatusCode.OK, (await TrackFromAsync(factory, "198.51.100.8", receipt, secret)).Status);
        Assert.Contains("查询密码不正确", (await TrackFromAsync(factory, "198.51.100.8", receipt, secret)).Html);
        Assert.Contains("data-timeline", (await TrackFromAsync(factory, "198.51.100.8", receipt, fresh)).Html);
        var audit = Assert.Single(await Users.UsersTestHelpers.AuditAsync(factory, "service.request.receiptReissued"));
        Assert.DoesNotContain(fresh, audit.Summary + audit.Data);
    }

    [Fact]
    public async Task Wrong_secrets_are_limited_per_client_address()
    {
        var (factory, (first, _), (second, secondSecret)) = await TwoRequestsAsync(DatabaseKind.Sqlite, perRequest: 100, perAddress: 3);
        await using var host = factory;

        // Two wrong secrets and an unknown code from one address use up its failures, on whichever requests.
        Assert.Contains("查询密码不正确", (await TrackFromAsync(factory, "192.0.2.10", first, "AAAA-BBBB-CCCC")).Html);
        Assert.Contains("查询密码不正确", (await TrackFromAsync(factory, "192.0.2.10", second, "AAAA-BBBB-CCCD")).Html);
        Assert.Equal(HttpStatusCode.NotFound, (await TrackFromAsync(factory, "192.0.2.10", "20000101-ZZZZZZ", "AAAA-BBBB-CCCE")).Status);
        var (limited, html) = await TrackFromAsync(factory, "192.0.2.10", second, secondSecret);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited);
        Assert.Contains("查询失败次数过多，请 15 分钟后再试", html);
        Assert.DoesNotContain("data-timeline", html);

        // Another address is not affected, and the requests themselves are not locked.
        var (ok, okHtml) = await TrackFromAsync(factory, "192.0.2.11", second, secondSecret);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Contains("data-timeline", okHtml);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Staff_answers_and_screens_never_show_the_secret_and_a_reprint_issues_a_new_one(DatabaseKind kind)
    {
        await using var factory = await CreateSeededAsync(kind);
        using var api = await factory.CreateApiClientAsync(Dispatcher, JurisdictionTestUsers.Password);

        // The API registration answer is the receipt: it carries the secret, once.
        var created = await api.PostAsJsonAsync("/api/service-requests", new
        {
            pointCode = Room, itemCode = ItemCode, channel = "phone", requesterName = "王秀兰", requesterPhone = Phone,
            orgUnitCode = "370725001036", description = "申请城乡低保。",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var registered = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = registered["id"]!.GetValue<string>();
        var apiSecret = registered["trackingCode"]!.GetValue<string>();
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", apiSecret);

        // The counter: the receipt page right after registration shows the secret; opened again it does not.
        using var browser = await JurisdictionTestUsers.LoginAsync(factory, Dispatcher);
        var post = await Screens.ScreensTestSetup.PostFormAsync(browser, "/admin/service/requests/new", "/admin/service/requests/new",
            new Dictionary<string, string>
            {
                ["PointCode"] = Room, ["Channel"] = "window", ["ItemCode"] = ItemCode, ["RequesterName"] = "李桂英",
                ["RequesterPhone"] = Phone, ["OrgUnitCode"] = "370725001036", ["Description"] = "申请临时救助。",
            });
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        var receiptUrl = post.Headers.Location!.ToString();
        var receipt = await JurisdictionTestUsers.PageAsync(browser, receiptUrl);
        var counterSecret = System.Text.RegularExpressions.Regex.Match(receipt, "id=\"receipt-tracking-code\">([^<]+)<").Groups[1].Value;
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", counterSecret);
        var again = await JurisdictionTestUsers.PageAsync(browser, receiptUrl);
        Assert.DoesNotContain(counterSecret, again);
        Assert.Contains("查询密码只在受理时显示一次", again);

        // Lists, handling pages, API answers and the audit trail: never a secret.
        var counterId = receiptUrl.Split('/')[^2];
        var pages = new List<string>
        {
            await JurisdictionTestUsers.PageAsync(browser, "/admin/service/requests"),
            await JurisdictionTestUsers.PageAsync(browser, $"/admin/service/requests/{id}"),
            await JurisdictionTestUsers.PageAsync(browser, $"/admin/service/requests/{counterId}"),
            await JurisdictionTestUsers.PageAsync(browser, $"/admin/service/requests/{id}/receipt"),
            await api.GetStringAsync("/api/service-requests"),
            await api.GetStringAsync($"/api/service-requests/{id}"),
            await api.GetStringAsync($"/api/service-requests/{counterId}"),
        };
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
            pages.AddRange((await db.Set<Grassroots.Audit.AuditEntryRecord>().AsNoTracking().ToListAsync()).Select(e => e.Summary + e.Data));
        }

        foreach (var text in pages)
        {
            foreach (var secret in new[] { apiSecret, counterSecret })
            {
                Assert.DoesNotContain(secret, text);
                Assert.DoesNotContain(secret.Replace("-", "", StringComparison.Ordinal), text);
            }
        }

        // 重新打印回执 on the screen: a new secret on the receipt, audited; the old one stops working.
        var reprint = await Screens.ScreensTestSetup.PostFormAsync(browser, receiptUrl, receiptUrl, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, reprint.StatusCode);
        var reprinted = await JurisdictionTestUsers.PageAsync(browser, reprint.Headers.Location!.ToString());
        var newSecret = System.Text.RegularExpressions.Regex.Match(reprinted, "id=\"receipt-tracking-code\">([^<]+)<").Groups[1].Value;
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", newSecret);
        Assert.NotEqual(counterSecret, newSecret);
        Assert.Contains(await Users.UsersTestHelpers.AuditAsync(factory, "service.request.receiptReissued"), e => e.ContentItemId == counterId && e.UserName == Dispatcher);

        var code = System.Text.RegularExpressions.Regex.Match(receipt, "id=\"receipt-code\">([^<]+)<").Groups[1].Value;
        var resident = factory.CreateBrowserlikeClient();
        var form = await resident.GetStringAsync("/service/track");
        var old = await PostFormAsync(resident, "/service/track", form, new() { ["Code"] = code, ["TrackingCode"] = counterSecret });
        Assert.Contains("查询密码不正确", WebUtility.HtmlDecode(await old.Content.ReadAsStringAsync()));
        Assert.Contains(ItemName, await TrackAsync(resident, code, newSecret));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Requests_from_before_the_upgrade_get_a_secret_when_staff_reprint_the_receipt(DatabaseKind kind)
    {
        var database = await TestDatabase.CreateAsync(kind);
        string receipt;
        await using (var before = new GrassrootsFactory(database, ownsDatabase: false))
        {
            receipt = await Open311TestHost.PostAsync(before.CreateClient(), (await Open311TestHost.GuideAsync(before)).ItemCode);

            // Back to schema version 2: no tracking table, as in every database before the upgrade.
            await using var scope = before.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"ServiceRequestTracking\"");
            await db.Set<DataMigrationRecord>().Where(m => m.Name.EndsWith(".ServiceRequestsMigrations")).ExecuteUpdateAsync(s => s.SetProperty(m => m.Version, 2));
        }

        string secret;
        await using (var after = new GrassrootsFactory(database, ownsDatabase: false))
        {
            await using (var scope = after.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
                Assert.Equal(3, (await db.Set<DataMigrationRecord>().AsNoTracking().SingleAsync(m => m.Name.EndsWith(".ServiceRequestsMigrations"))).Version);
                Assert.Empty(await db.Set<ServiceRequestTracking>().ToListAsync());
            }

            // The old receipt code opens nothing and says what to do; a re-printed receipt's secret opens it.
            var resident = after.CreateBrowserlikeClient();
            var form = await resident.GetStringAsync("/service/track");
            var refused = await PostFormAsync(resident, "/service/track", form, new() { ["Code"] = receipt, ["TrackingCode"] = "AAAA-BBBB-CCCC" });
            var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
            Assert.Contains("该回执尚未设置查询密码，请携带身份证件到受理窗口重新打印回执", html);
            Assert.DoesNotContain("data-timeline", html);

            using var admin = await after.CreateApiClientAsync();
            var reissue = await admin.PostAsync($"/api/service-requests/{(await FindAsync(after, receipt)).ContentItemId}/receipt", null);
            Assert.Equal(HttpStatusCode.OK, reissue.StatusCode);
            secret = (await reissue.Content.ReadFromJsonAsync<JsonObject>())!["trackingCode"]!.GetValue<string>();
            Assert.Contains("data-timeline", await TrackAsync(resident, receipt, secret));
        }

        // After a restart the secret still works: the hash key is kept under the data path, not regenerated.
        await using var restarted = new GrassrootsFactory(database);
        Assert.Contains("data-timeline", await TrackAsync(restarted.CreateBrowserlikeClient(), receipt, secret));
    }

    /// <summary>The app with the given failure limits (locks last 20 minutes) and two requests submitted through Open311.</summary>
    private static async Task<(GrassrootsFactory Factory, (string Code, string Secret) First, (string Code, string Secret) Second)> TwoRequestsAsync(
        DatabaseKind kind, int perRequest, int perAddress)
    {
        var factory = await Open311TestHost.CreateAsync(kind, settings: new Dictionary<string, string?>
        {
            ["ServiceRequests:Tracking:MaxFailuresPerRequest"] = perRequest.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ServiceRequests:Tracking:MaxFailuresPerAddress"] = perAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ServiceRequests:Tracking:LockMinutes"] = "20",
        });
        var client = factory.CreateClient();
        var guide = await Open311TestHost.GuideAsync(factory);
        return (factory, await Open311TestHost.SubmitAsync(client, guide.ItemCode), await Open311TestHost.SubmitAsync(client, guide.ItemCode));
    }

    /// <summary>Posts the tracking form from client address <paramref name="address"/>; the status and decoded HTML.</summary>
    private static async Task<(HttpStatusCode Status, string Html)> TrackFromAsync(GrassrootsFactory factory, string address, string receipt, string secret)
    {
        var browser = factory.CreateBrowserlikeClient();
        browser.DefaultRequestHeaders.Add(Open311TestHost.ClientAddressHeader, address);
        var form = await browser.GetStringAsync("/service/track");
        var response = await PostFormAsync(browser, "/service/track", form, new() { ["Code"] = receipt, ["TrackingCode"] = secret });
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    private static async Task<ServiceRequestRecord> FindAsync(GrassrootsFactory factory, string receipt)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<Grassroots.ServiceRequests.Services.IServiceRequestPipeline>()
            .FindByReceiptAsync(receipt, CancellationToken.None))!;
    }
}
