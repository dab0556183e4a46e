using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Grassroots.OrgUnits;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Core.Tests.ContentManagement.Fields;

public class ChoiceFieldKindTests
{
    private static ContentFieldDefinition SelectField(bool multiple = false) => FieldTest.Field(ContentFieldKinds.Select, s =>
    {
        s.Multiple = multiple;
        s.Options =
        [
            new SelectOption { Value = "low-income", Text = "低保户" },
            new SelectOption { Value = "elderly", Text = "空巢老人" },
            new SelectOption { Value = "disabled", Text = "残疾人" },
        ];
    }, label: "帮扶类别");

    [Fact]
    public async Task Select_single_value()
    {
        var (value, errors) = await FieldTest.NormalizeAsync(new SelectFieldKind(), FieldTest.Form("elderly"), SelectField());
        Assert.Empty(errors);
        Assert.Equal("elderly", value!.GetValue<string>());
    }

    [Fact]
    public async Task Select_rejects_unknown_and_several_values()
    {
        var kind = new SelectFieldKind();
        Assert.Equal(["「帮扶类别」的选项“rich”无效"], (await FieldTest.NormalizeAsync(kind, FieldTest.Form("rich"), SelectField())).Errors);
        Assert.Equal(["「帮扶类别」只能选择一项"], (await FieldTest.NormalizeAsync(kind, JsonNode.Parse("""["elderly","disabled"]"""), SelectField())).Errors);
    }

    [Fact]
    public async Task Select_multiple_accepts_array_and_form_text()
    {
        var kind = new SelectFieldKind();
        var (fromApi, errors) = await FieldTest.NormalizeAsync(kind, JsonNode.Parse("""["elderly","disabled","elderly"]"""), SelectField(multiple: true));
        Assert.Empty(errors);
        Assert.Equal("""["elderly","disabled"]""", fromApi!.ToJsonString());

        var (fromForm, formErrors) = await FieldTest.NormalizeAsync(kind, FieldTest.Form("low-income,elderly"), SelectField(multiple: true));
        Assert.Empty(formErrors);
        Assert.Equal("""["low-income","elderly"]""", fromForm!.ToJsonString());

        var required = SelectField(multiple: true);
        required.Settings.Required = true;
        Assert.Equal(["「帮扶类别」不能为空"], (await FieldTest.NormalizeAsync(kind, new JsonArray(), required)).Errors);
    }

    [Fact]
    public void Select_text_shows_option_text()
    {
        var kind = new SelectFieldKind();
        Assert.Equal("空巢老人、残疾人", kind.ToText(JsonNode.Parse("""["elderly","disabled"]"""), SelectField(multiple: true)));
        Assert.Equal("elderly disabled", kind.ToIndex(JsonNode.Parse("""["elderly","disabled"]"""), SelectField(multiple: true)).Text);
    }

    private static void ContentItems(IServiceCollection services) => services.AddSingleton<IContentManager>(new FakeContentManager(
        new ContentItemRecord { ContentItemId = "guide1", ContentType = "ServiceGuide", Latest = true },
        new ContentItemRecord { ContentItemId = "case1", ContentType = "ServiceRequest", Latest = true },
        new ContentItemRecord { ContentItemId = "gone1", ContentType = "ServiceGuide", Latest = true, Deleted = true }));

    [Fact]
    public async Task ContentPicker_checks_existence_and_type()
    {
        var kind = new ContentPickerFieldKind();
        var field = FieldTest.Field(ContentFieldKinds.ContentPicker, s => { s.Multiple = true; s.AllowedContentTypes = ["ServiceGuide"]; }, label: "办事指南");

        var (value, errors) = await FieldTest.NormalizeAsync(kind, JsonNode.Parse("""["guide1"]"""), field, ContentItems);
        Assert.Empty(errors);
        Assert.Equal("""["guide1"]""", value!.ToJsonString());

        (_, errors) = await FieldTest.NormalizeAsync(kind, JsonNode.Parse("""["guide1","gone1","nope"]"""), field, ContentItems);
        Assert.Equal(["「办事指南」中的内容项 gone1 不存在", "「办事指南」中的内容项 nope 不存在"], errors);

        (_, errors) = await FieldTest.NormalizeAsync(kind, FieldTest.Form("case1"), field, ContentItems);
        Assert.Equal(["「办事指南」中的内容项 case1 类型不符，只能选择：ServiceGuide"], errors);
    }

    [Fact]
    public async Task ContentPicker_single_value_is_a_string()
    {
        var field = FieldTest.Field(ContentFieldKinds.ContentPicker, label: "关联事项");
        var (value, errors) = await FieldTest.NormalizeAsync(new ContentPickerFieldKind(), FieldTest.Form("case1"), field, ContentItems);
        Assert.Empty(errors);
        Assert.Equal("case1", value!.GetValue<string>());
    }

    private static void OrgUnits(IServiceCollection services) => services.AddSingleton<IOrgUnitService>(new FakeOrgUnitService(
        new OrgUnit { Code = "370725", Name = "昌乐县", Level = OrgUnitLevel.County },
        new OrgUnit { Code = "370725001", Name = "宝城街道", Level = OrgUnitLevel.Town, ParentCode = "370725" },
        new OrgUnit { Code = "370725001001", Name = "东村", Level = OrgUnitLevel.Village, ParentCode = "370725001" }));

    [Fact]
    public async Task OrgUnitPicker_checks_existence_and_level()
    {
        var kind = new OrgUnitPickerFieldKind();
        var field = FieldTest.Field(ContentFieldKinds.OrgUnitPicker, s => s.OrgUnitLevel = "village", label: "所属村");

        var (value, errors) = await FieldTest.NormalizeAsync(kind, FieldTest.Form("370725001001"), field, OrgUnits);
        Assert.Empty(errors);
        Assert.Equal("370725001001", value!.GetValue<string>());

        (_, errors) = await FieldTest.NormalizeAsync(kind, FieldTest.Form("370725001"), field, OrgUnits);
        Assert.Equal(["「所属村」只能选择村（社区）级组织单元，宝城街道不是"], errors);

        (_, errors) = await FieldTest.NormalizeAsync(kind, FieldTest.Form("999999"), field, OrgUnits);
        Assert.Equal(["「所属村」中的组织单元 999999 不存在"], errors);

        field.Settings.OrgUnitLevel = "Town";
        field.Settings.Multiple = true;
        (value, errors) = await FieldTest.NormalizeAsync(kind, JsonNode.Parse("""["370725001"]"""), field, OrgUnits);
        Assert.Empty(errors);
        Assert.Equal("370725001", kind.ToIndex(value, field).Text);
    }
}
