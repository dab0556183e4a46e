using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.Core.Tests.ContentManagement.Fields;

public class TextFieldKindTests
{
    private readonly TextFieldKind _text = new();
    private readonly MultilineTextFieldKind _multiline = new();

    [Fact]
    public async Task Text_is_trimmed_and_single_line()
    {
        var (value, errors) = await FieldTest.NormalizeAsync(_text, FieldTest.Form("  张三\r\n李四 "), FieldTest.Field(ContentFieldKinds.Text));
        Assert.Empty(errors);
        Assert.Equal("张三 李四", value!.GetValue<string>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Required_text_names_the_field(string? submitted)
    {
        var field = FieldTest.Field(ContentFieldKinds.Text, s => s.Required = true, label: "姓名");
        var (value, errors) = await FieldTest.NormalizeAsync(_text, submitted is null ? null : FieldTest.Form(submitted), field);
        Assert.Null(value);
        Assert.Equal(["「姓名」不能为空"], errors);
    }

    [Fact]
    public async Task Optional_blank_text_is_no_value_without_error()
    {
        var (value, errors) = await FieldTest.NormalizeAsync(_text, FieldTest.Form(" "), FieldTest.Field(ContentFieldKinds.Text));
        Assert.Null(value);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Length_limits_count_characters()
    {
        var field = FieldTest.Field(ContentFieldKinds.Text, s => { s.MinLength = 2; s.MaxLength = 3; }, label: "姓名");
        Assert.Empty((await FieldTest.NormalizeAsync(_text, FieldTest.Form("张三强"), field)).Errors);
        Assert.Equal(["「姓名」最多 3 个字符"], (await FieldTest.NormalizeAsync(_text, FieldTest.Form("欧阳娜娜"), field)).Errors);
        Assert.Equal(["「姓名」至少 2 个字符"], (await FieldTest.NormalizeAsync(_text, FieldTest.Form("张"), field)).Errors);
    }

    [Fact]
    public async Task Pattern_must_match_whole_text()
    {
        var field = FieldTest.Field(ContentFieldKinds.Text, s => s.Pattern = @"\d{6}", label: "邮编");
        Assert.Empty((await FieldTest.NormalizeAsync(_text, FieldTest.Form("262400"), field)).Errors);
        Assert.Equal(["「邮编」格式不正确"], (await FieldTest.NormalizeAsync(_text, FieldTest.Form("2624001"), field)).Errors);

        field.Settings.PatternMessage = "应为 6 位数字";
        Assert.Equal(["「邮编」应为 6 位数字"], (await FieldTest.NormalizeAsync(_text, FieldTest.Form("abc"), field)).Errors);
    }

    [Fact]
    public async Task Object_is_rejected()
    {
        var (_, errors) = await FieldTest.NormalizeAsync(_text, new JsonObject { ["a"] = 1 }, FieldTest.Field(ContentFieldKinds.Text, label: "姓名"));
        Assert.Equal(["「姓名」必须是文本"], errors);
    }

    [Fact]
    public async Task Multiline_keeps_line_breaks()
    {
        var (value, errors) = await FieldTest.NormalizeAsync(_multiline, FieldTest.Form("第一行\r\n第二行\n"), FieldTest.Field(ContentFieldKinds.MultilineText));
        Assert.Empty(errors);
        Assert.Equal("第一行\n第二行", value!.GetValue<string>());
    }

    [Fact]
    public void Index_truncates_and_skips_sensitive_values()
    {
        var field = FieldTest.Field(ContentFieldKinds.Text);
        Assert.Equal(1000, _text.ToIndex(JsonValue.Create(new string('字', 1500)), field).Text!.Length);
        Assert.Equal("张三", _text.ToText(JsonValue.Create("张三"), field));

        field.Settings.Sensitive = true;
        Assert.Equal(default, _text.ToIndex(JsonValue.Create("张三"), field));
        Assert.Equal("张三", _text.ToText(JsonValue.Create("张三"), field));
    }
}
