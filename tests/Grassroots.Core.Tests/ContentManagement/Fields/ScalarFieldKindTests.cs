using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.Core.Tests.ContentManagement.Fields;

public class ScalarFieldKindTests
{
    [Theory]
    [InlineData("12.5", "12.5")]
    [InlineData(" 1,200 ", "1200")]
    [InlineData("3.50", "3.5")]
    [InlineData("-0", "0")]
    public async Task Number_from_form(string submitted, string stored)
    {
        var (value, errors) = await FieldTest.NormalizeAsync(new NumberFieldKind(), FieldTest.Form(submitted), FieldTest.Field(ContentFieldKinds.Number));
        Assert.Empty(errors);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, value!.GetValueKind());
        Assert.Equal(stored, value.ToJsonString());
    }

    [Fact]
    public async Task Number_from_api()
    {
        var (value, errors) = await FieldTest.NormalizeAsync(new NumberFieldKind(), JsonNode.Parse("42.25"), FieldTest.Field(ContentFieldKinds.Number));
        Assert.Empty(errors);
        Assert.Equal(42.25m, value!.GetValue<decimal>());
    }

    [Fact]
    public async Task Number_limits_name_the_field()
    {
        var field = FieldTest.Field(ContentFieldKinds.Number, s => { s.Min = 0; s.Max = 120; s.Scale = 0; }, label: "年龄");
        var kind = new NumberFieldKind();
        Assert.Equal(["「年龄」不能大于 120"], (await FieldTest.NormalizeAsync(kind, JsonValue.Create(121), field)).Errors);
        Assert.Equal(["「年龄」不能小于 0"], (await FieldTest.NormalizeAsync(kind, FieldTest.Form("-1"), field)).Errors);
        Assert.Equal(["「年龄」必须是整数"], (await FieldTest.NormalizeAsync(kind, FieldTest.Form("1.5"), field)).Errors);
        Assert.Equal(["「年龄」必须是数字"], (await FieldTest.NormalizeAsync(kind, FieldTest.Form("十八"), field)).Errors);
        Assert.Equal(["「年龄」必须是数字"], (await FieldTest.NormalizeAsync(kind, JsonValue.Create(true), field)).Errors);

        field.Settings.Scale = 2;
        Assert.Equal(["「年龄」最多 2 位小数"], (await FieldTest.NormalizeAsync(kind, FieldTest.Form("1.234"), field)).Errors);
        Assert.Empty((await FieldTest.NormalizeAsync(kind, FieldTest.Form("1.20"), field)).Errors);
    }

    [Fact]
    public void Number_index()
    {
        var kind = new NumberFieldKind();
        Assert.Equal(3.5, kind.ToIndex(JsonValue.Create(3.5m), FieldTest.Field(ContentFieldKinds.Number)).Number);
        Assert.Equal("3.5", kind.ToText(JsonValue.Create(3.5m), FieldTest.Field(ContentFieldKinds.Number)));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("on", true)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("true,false", true)]
    public async Task Boolean_from_form(string submitted, bool expected)
    {
        var (value, errors) = await FieldTest.NormalizeAsync(new BooleanFieldKind(), FieldTest.Form(submitted), FieldTest.Field(ContentFieldKinds.Boolean));
        Assert.Empty(errors);
        Assert.Equal(expected, value!.GetValue<bool>());
    }

    [Fact]
    public async Task Boolean_from_api_and_text()
    {
        var kind = new BooleanFieldKind();
        var field = FieldTest.Field(ContentFieldKinds.Boolean, label: "是否低保户");
        var (value, _) = await FieldTest.NormalizeAsync(kind, JsonValue.Create(true), field);
        Assert.True(value!.GetValue<bool>());
        Assert.Equal("是", kind.ToText(JsonValue.Create(true), field));
        Assert.Equal("否", kind.ToText(JsonValue.Create(false), field));
        Assert.Equal(false, kind.ToIndex(JsonValue.Create(false), field).Boolean);
        Assert.Equal(["「是否低保户」只能是“是”或“否”"], (await FieldTest.NormalizeAsync(kind, FieldTest.Form("maybe"), field)).Errors);
    }

    [Theory]
    [InlineData("2024-02-29", "2024-02-29")]
    [InlineData("2024/3/5", "2024-03-05")]
    [InlineData(" 2024-03-05 ", "2024-03-05")]
    public async Task Date_accepts_and_normalises(string submitted, string stored)
    {
        var (value, errors) = await FieldTest.NormalizeAsync(new DateFieldKind(), FieldTest.Form(submitted), FieldTest.Field(ContentFieldKinds.Date));
        Assert.Empty(errors);
        Assert.Equal(stored, value!.GetValue<string>());
    }

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("2024-13-01")]
    [InlineData("明天")]
    public async Task Date_rejects_invalid(string submitted)
    {
        var (value, errors) = await FieldTest.NormalizeAsync(new DateFieldKind(), FieldTest.Form(submitted), FieldTest.Field(ContentFieldKinds.Date, label: "走访日期"));
        Assert.Null(value);
        Assert.Equal(["「走访日期」不是有效的日期（格式为 yyyy-MM-dd）"], errors);
    }

    [Fact]
    public async Task Date_limits_and_index()
    {
        var kind = new DateFieldKind();
        var field = FieldTest.Field(ContentFieldKinds.Date, s => { s.Min = 20240101; s.Max = 20241231; }, label: "走访日期");
        Assert.Equal(["「走访日期」不能早于 2024-01-01"], (await FieldTest.NormalizeAsync(kind, FieldTest.Form("2023-12-31"), field)).Errors);
        Assert.Equal(["「走访日期」不能晚于 2024-12-31"], (await FieldTest.NormalizeAsync(kind, FieldTest.Form("2025-01-01"), field)).Errors);
        Assert.Equal(new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc), kind.ToIndex(JsonValue.Create("2024-05-01"), field).Date);
    }

    [Theory]
    [InlineData("2024-05-01T09:30", "2024-05-01T01:30:00Z")]
    [InlineData("2024-05-01 09:30:15", "2024-05-01T01:30:15Z")]
    [InlineData("2024-05-01T01:30:00Z", "2024-05-01T01:30:00Z")]
    [InlineData("2024-05-01T09:30:00+08:00", "2024-05-01T01:30:00Z")]
    [InlineData("2024-05-01T03:30:00.5+02:00", "2024-05-01T01:30:00.5Z")]
    [InlineData("2024-05-01T06:00:00+08:00", "2024-04-30T22:00:00Z")]
    public async Task DateTime_is_stored_in_utc(string submitted, string stored)
    {
        var (value, errors) = await FieldTest.NormalizeAsync(new DateTimeFieldKind(), FieldTest.Form(submitted), FieldTest.Field(ContentFieldKinds.DateTime));
        Assert.Empty(errors);
        Assert.Equal(stored, value!.GetValue<string>());
    }

    [Fact]
    public async Task DateTime_rejects_and_shows_china_time()
    {
        var kind = new DateTimeFieldKind();
        var field = FieldTest.Field(ContentFieldKinds.DateTime, label: "受理时间");
        Assert.Equal(["「受理时间」不是有效的日期时间"], (await FieldTest.NormalizeAsync(kind, FieldTest.Form("05/01/2024 9:30"), field)).Errors);
        Assert.Equal("2024-05-01 09:30", kind.ToText(JsonValue.Create("2024-05-01T01:30:00Z"), field));
        var indexed = kind.ToIndex(JsonValue.Create("2024-05-01T01:30:00Z"), field).Date!.Value;
        Assert.Equal(new DateTime(2024, 5, 1, 1, 30, 0, DateTimeKind.Utc), indexed);
        Assert.Equal(DateTimeKind.Utc, indexed.Kind);
    }
}
