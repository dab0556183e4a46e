using System.Net;
using System.Text.RegularExpressions;
using Grassroots.Tests.Infrastructure;

namespace Grassroots.Tests.Contents;

public sealed partial class ContentAdminTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Admin_creates_an_item_through_the_form_and_sees_Chinese_validation_messages(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = factory.CreateBrowserlikeClient();

        // Log in through the form.
        var login = await client.GetStringAsync("/login");
        var signIn = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(login),
            ["UserName"] = GrassrootsFactory.AdminUserName,
            ["Password"] = GrassrootsFactory.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        // The list shows seeded items with filters.
        var list = await GetPageAsync(client, "/admin/content/OpinionReport?q=" + Uri.EscapeDataString("自来水"));
        Assert.Contains("恒盛社区3号楼自来水管道破裂", list);
        Assert.DoesNotContain("建议村东生产路冬季前硬化", list);

        // The form is generated from the type layout.
        var form = await GetPageAsync(client, "/admin/content/OpinionReport/create");
        Assert.Contains("name=\"f.OpinionReport.Households\"", form);
        Assert.Contains("type=\"number\"", form);
        Assert.Contains("max=\"1000\"", form);
        Assert.Contains("type=\"date\"", form);
        Assert.Contains("保存草稿", form);

        // A bad value: the message is Chinese, names the field, and the input is kept.
        var bad = await PostFormAsync(client, "/admin/content/OpinionReport/create", Token(form), "门前积水", "5000");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("涉及户数", badHtml);
        Assert.Contains("invalid-feedback", badHtml);
        Assert.Contains("value=\"门前积水\"", badHtml);
        Assert.Contains("value=\"5000\"", badHtml);

        // A good value creates the item and shows its preview.
        var good = await PostFormAsync(client, "/admin/content/OpinionReport/create", Token(badHtml), "门前积水", "8");
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var location = good.Headers.Location!.OriginalString;
        Assert.StartsWith("/admin/content/item/", location);
        var preview = await GetPageAsync(client, location);
        Assert.Contains("门前积水", preview);
        Assert.Contains("涉及户数", preview);
        Assert.Contains("草稿", preview);

        var after = await GetPageAsync(client, "/admin/content/OpinionReport?q=" + Uri.EscapeDataString("门前积水"));
        Assert.Contains(location, after);

        // Edit with a stale stamp: conflict message, input kept, nothing saved.
        var edit = await GetPageAsync(client, location + "/edit");
        Assert.Contains("name=\"concurrencyStamp\"", edit);
        var saved = await PostFormAsync(client, location + "/edit", Token(edit), "门前积水已清理", "8", stamp: "stale-stamp");
        Assert.Equal(HttpStatusCode.Conflict, saved.StatusCode);
        var conflictHtml = WebUtility.HtmlDecode(await saved.Content.ReadAsStringAsync());
        Assert.Contains("该内容已被他人修改", conflictHtml);
        Assert.Contains("value=\"门前积水已清理\"", conflictHtml);
        Assert.DoesNotContain("门前积水已清理", await GetPageAsync(client, location));

        // Preview of an item with an HTML field renders the HTML; the versions page lists versions.
        var notice = await GetPageAsync(client, "/admin/content/item/demo-notice-county-0001");
        Assert.Contains("<p>各镇(街道)、县直各部门：</p>", notice);
        Assert.Contains("取消发布", notice);
        var versions = await GetPageAsync(client, "/admin/content/item/demo-notice-county-0001/versions");
        Assert.Contains("第 1 版", versions);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/content/item/demo-notice-county-0001/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/content?status=deleted&sort=title")).StatusCode);
    }

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string token, string summary, string households, string? stamp = null)
    {
        var content = new MultipartFormDataContent
        {
            { new StringContent(stamp ?? ""), "concurrencyStamp" },
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("370725001036"), "orgUnitCode" },
            { new StringContent(summary), "f.OpinionReport.Summary" },
            { new StringContent("opinion"), "f.OpinionReport.Category" },
            { new StringContent("2026-11-26"), "f.OpinionReport.VisitDate" },
            { new StringContent(households), "f.OpinionReport.Households" },
            { new StringContent("false"), "f.OpinionReport.Escalate" },
            { new StringContent("赵六"), "f.ContactPart.Name" },
            { new StringContent("draft"), "submit" },
        };
        return client.PostAsync(url, content);
    }

    /// <summary>The page with character references decoded (Razor encodes non-ASCII text).</summary>
    private static async Task<string> GetPageAsync(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));

    private static string Token(string html) => TokenPattern().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
