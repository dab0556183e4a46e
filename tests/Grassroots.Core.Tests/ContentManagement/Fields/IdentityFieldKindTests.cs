using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Grassroots.Core.Tests.ContentManagement.Fields;

public class IdentityFieldKindTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    private static void WithClock(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    private static ContentFieldDefinition IdField() => FieldTest.Field(ContentFieldKinds.ResidentId, label: "身份证号");

    [Theory]
    [InlineData("11010519491231002X", "11010519491231002X")]
    [InlineData("11010519491231002x", "11010519491231002X")]
    [InlineData(" 110105 19491231 002X ", "11010519491231002X")]
    public async Task ResidentId_valid(string submitted, string stored)
    {
        var (value, errors) = await FieldTest.NormalizeAsync(new ResidentIdFieldKind(), FieldTest.Form(submitted), IdField(), WithClock);
        Assert.Empty(errors);
        Assert.Equal(stored, value!.GetValue<string>());
    }

    [Theory]
    [InlineData("110105194912310021", "「身份证号」不是有效的身份证号码（校验位不符）")]
    [InlineData("11010519491231002", "「身份证号」应为 18 位身份证号码")]
    [InlineData("1101051949123100AX", "「身份证号」不是有效的身份证号码（应为 17 位数字加 1 位数字或 X）")]
    [InlineData("110105194902300021", "「身份证号」不是有效的身份证号码（出生日期不正确）")]
    public async Task ResidentId_invalid(string submitted, string message)
    {
        var (_, errors) = await FieldTest.NormalizeAsync(new ResidentIdFieldKind(), FieldTest.Form(submitted), IdField(), WithClock);
        Assert.Equal([message], errors);
    }

    [Fact]
    public async Task ResidentId_birth_date_not_in_future()
    {
        var body = "11010520250602001";
        var future = body + ResidentIdFieldKind.CheckCharacter(body);
        var (_, errors) = await FieldTest.NormalizeAsync(new ResidentIdFieldKind(), FieldTest.Form(future), IdField(), WithClock);
        Assert.Equal(["「身份证号」不是有效的身份证号码（出生日期不正确）"], errors);

        var todayBody = "11010520250601001";
        (_, errors) = await FieldTest.NormalizeAsync(new ResidentIdFieldKind(), FieldTest.Form(todayBody + ResidentIdFieldKind.CheckCharacter(todayBody)), IdField(), WithClock);
        Assert.Empty(errors);
    }

    [Fact]
    public void ResidentId_sensitive_is_not_indexed()
    {
        var field = IdField();
        field.Settings.Sensitive = true;
        var kind = new ResidentIdFieldKind();
        Assert.Equal(default, kind.ToIndex(JsonValue.Create("11010519491231002X"), field));
        Assert.Equal("11010519491231002X", kind.ToText(JsonValue.Create("11010519491231002X"), field));
    }

    [Theory]
    [InlineData("13812345678", "13812345678")]
    [InlineData("138 1234 5678", "13812345678")]
    [InlineData("138-1234-5678", "13812345678")]
    [InlineData("+86 138 1234 5678", "13812345678")]
    [InlineData("8613812345678", "13812345678")]
    [InlineData("１３８１２３４５６７８", "13812345678")]
    [InlineData("0536-1234567", "0536-1234567")]
    [InlineData("0536 1234567", "05361234567")]
    [InlineData("010-12345678", "010-12345678")]
    [InlineData("010-12345678-801", "010-12345678-801")]
    public async Task Phone_valid(string submitted, string stored)
    {
        var (value, errors) = await FieldTest.NormalizeAsync(new PhoneFieldKind(), FieldTest.Form(submitted), FieldTest.Field(ContentFieldKinds.Phone));
        Assert.Empty(errors);
        Assert.Equal(stored, value!.GetValue<string>());
    }

    [Theory]
    [InlineData("12812345678")]
    [InlineData("1381234567")]
    [InlineData("138123456789")]
    [InlineData("0536-123")]
    [InlineData("5361234567")]
    [InlineData("电话")]
    public async Task Phone_invalid(string submitted)
    {
        var (value, errors) = await FieldTest.NormalizeAsync(new PhoneFieldKind(), FieldTest.Form(submitted), FieldTest.Field(ContentFieldKinds.Phone));
        Assert.Null(value);
        Assert.Equal(["「联系电话」不是有效的手机或固定电话号码"], errors);
    }

    [Fact]
    public async Task Phone_from_api_number()
    {
        var (value, errors) = await FieldTest.NormalizeAsync(new PhoneFieldKind(), JsonNode.Parse("13812345678"), FieldTest.Field(ContentFieldKinds.Phone));
        Assert.Empty(errors);
        Assert.Equal("13812345678", value!.GetValue<string>());
    }
}
