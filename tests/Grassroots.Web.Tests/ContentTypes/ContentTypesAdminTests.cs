using System.Net;
using System.Text.RegularExpressions;
using Grassroots.Tests.Infrastructure;

namespace Grassroots.Tests.ContentTypes;

public sealed partial class ContentTypesAdminTests
{
    [Fact]
    public async Task Administrator_creates_a_type_and_adds_a_field_in_the_dashboard()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = factory.CreateBrowserlikeClient();

        var login = await PostFormAsync(client, "/login", "/login", new()
        {
            ["UserName"] = GrassrootsFactory.AdminUserName,
            ["Password"] = GrassrootsFactory.AdminPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/content-types"));
        Assert.Contains("新建类型", list);
        Assert.Contains("民情信息", list);

        var bad = await PostFormAsync(client, "/admin/content-types/create", "/admin/content-types/create", new()
        {
            ["Form.DisplayName"] = "走访记录",
            ["Form.Name"] = "走访",
        });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("只能包含英文字母", badHtml);
        Assert.Contains("value=\"走访记录\"", badHtml);

        var created = await PostFormAsync(client, "/admin/content-types/create", "/admin/content-types/create", new()
        {
            ["Form.DisplayName"] = "走访记录",
            ["Form.Name"] = "VisitRecord",
            ["Form.Creatable"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/admin/content-types/VisitRecord", created.Headers.Location?.OriginalString);

        var added = await PostFormAsync(client, "/admin/content-types/VisitRecord", "/admin/content-types/VisitRecord/fields/add", new()
        {
            ["NewField.DisplayName"] = "走访户数",
            ["NewField.Name"] = "Count",
            ["NewField.Kind"] = "Number",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        var duplicate = await PostFormAsync(client, "/admin/content-types/VisitRecord", "/admin/content-types/VisitRecord/fields/add", new()
        {
            ["NewField.DisplayName"] = "户数",
            ["NewField.Name"] = "Count",
            ["NewField.Kind"] = "Number",
        });
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Contains("重复", WebUtility.HtmlDecode(await duplicate.Content.ReadAsStringAsync()));

        var edit = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/content-types/VisitRecord"));
        Assert.Contains("走访户数", edit);
        Assert.Contains("data-field=\"Count\"", edit);

        var field = await PostFormAsync(client, "/admin/content-types/VisitRecord/fields/Count", "/admin/content-types/VisitRecord/fields/Count", new()
        {
            ["Form.DisplayName"] = "走访户数",
            ["Form.Min"] = "10",
            ["Form.Max"] = "5",
        });
        Assert.Equal(HttpStatusCode.OK, field.StatusCode);
        var fieldHtml = WebUtility.HtmlDecode(await field.Content.ReadAsStringAsync());
        Assert.Contains("最小值不能大于最大值", fieldHtml);
        Assert.Contains("value=\"10\"", fieldHtml);

        var listAfter = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/content-types"));
        Assert.Contains("VisitRecord", listAfter);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, Dictionary<string, string> values)
    {
        var html = await client.GetStringAsync(formPage);
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, "antiforgery token on " + formPage);
        values["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
