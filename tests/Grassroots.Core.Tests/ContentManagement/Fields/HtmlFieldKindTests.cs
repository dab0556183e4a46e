using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.Core.Tests.ContentManagement.Fields;

public class HtmlFieldKindTests
{
    private readonly HtmlFieldKind _kind = new();

    private async Task<string> CleanAsync(string html)
    {
        var (value, errors) = await FieldTest.NormalizeAsync(_kind, FieldTest.Form(html), FieldTest.Field(ContentFieldKinds.Html));
        Assert.Empty(errors);
        return value!.GetValue<string>();
    }

    [Fact]
    public async Task Script_is_removed()
    {
        var html = await CleanAsync("<p>通知</p><script>alert('x')</script>");
        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", html, StringComparison.Ordinal);
        Assert.Contains("<p>通知</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_handlers_are_removed()
    {
        var html = await CleanAsync("<img src=\"https://example.org/a.png\" onerror=\"alert(1)\"><p onclick=\"x()\">文字</p>");
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("https://example.org/a.png", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Javascript_urls_are_removed()
    {
        var html = await CleanAsync("<a href=\"javascript:alert(1)\">点我</a>");
        Assert.DoesNotContain("javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("点我", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Formatting_is_kept()
    {
        var input = "<h2>标题</h2><p><strong>粗</strong><em>斜</em><u>下划线</u></p><ul><li>一</li></ul><table><tbody><tr><td>格</td></tr></tbody></table><a href=\"https://gov.cn\">链接</a>";
        Assert.Equal(input, await CleanAsync(input));
    }

    [Fact]
    public async Task Markup_without_text_is_empty()
    {
        var field = FieldTest.Field(ContentFieldKinds.Html, s => s.Required = true, label: "正文");
        var (value, errors) = await FieldTest.NormalizeAsync(_kind, FieldTest.Form("<p> </p><script>x</script>"), field);
        Assert.Null(value);
        Assert.Equal(["「正文」不能为空"], errors);
    }

    [Fact]
    public void Text_and_index_are_plain()
    {
        var field = FieldTest.Field(ContentFieldKinds.Html);
        var value = JsonValue.Create("<p>第一段&amp;</p><p>第二段</p>");
        Assert.Equal("第一段& 第二段", _kind.ToText(value, field));
        Assert.Equal("第一段& 第二段", _kind.ToIndex(value, field).Text);
    }
}
