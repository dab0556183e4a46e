using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.Commands;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Workflows.Activities;

/// <summary>Sets one field ("Part.Field") of the correlated content item to the value of <c>Value</c> and saves a new version.</summary>
internal sealed class SetFieldActivity : WorkflowActivity
{
    public override string Name => "SetField";

    public override string Category => "内容";

    public override string DisplayName => "设置字段";

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
    [
        new("Field", "字段", "text", true) { Hint = "格式为“部件.字段”，类型自身的字段用类型名作部件，如 OpinionReport.Summary" },
        new("Value", "值", "expression", true),
    ];

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var field = Text(context, "Field");
        if (field is null)
        {
            return Fault("“字段”不能为空");
        }

        var expression = context.GetString("Value");
        if (string.IsNullOrWhiteSpace(expression))
        {
            return Fault("“值”不能为空");
        }

        var result = await context.EvaluateAsync(expression, Syntax(context)).ConfigureAwait(false);
        if (!result.Success)
        {
            return Fault($"“值”：{result.Error}");
        }

        var error = await ContentFieldWriter.WriteAsync(context, field, result.Value).ConfigureAwait(false);
        return error is null ? ActivityResult.Outcomes("Done") : Fault($"字段 {field}：{error}");
    }
}

/// <summary>
/// Creates a content item of <c>ContentType</c> in the org unit at <c>OrgUnit</c> (relative to the correlated item),
/// with the field values of the Liquid template <c>Fields</c> (a JSON object <c>{"Part.Field": value}</c>, rendered with
/// every output value JSON-escaped, see <see cref="Expressions.ExpressionSyntax.LiquidJson"/>);
/// stores its id in <c>createdContentItemId</c>.
/// </summary>
internal sealed class CreateContentActivity : WorkflowActivity
{
    public override string Name => "CreateContent";

    public override string Category => "内容";

    public override string DisplayName => "创建内容";

    /// <summary>The designer's hint: the safe form (values in quotes; whole JSON values through the json filter).</summary>
    public const string FieldsHint = "生成 JSON 对象的 Liquid 模板。{{ 值 }} 的输出按 JSON 字符串转义，须写在引号内；数字、数组等完整的 JSON 值用 {{ 值 | json }}，不加引号。"
        + "如 {\"Notice.Title\": \"{{ contentItem.displayText }}\"}";

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
    [
        new("ContentType", "内容类型", "contentType", true),
        new("Fields", "字段值", "liquid") { Hint = FieldsHint },
        new("OrgUnit", "所属单位", "orgLevel") { Default = "same" },
        new("Publish", "立即发布", "boolean"),
    ];

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var type = Text(context, "ContentType");
        if (type is null)
        {
            return Fault("“内容类型”不能为空");
        }

        var (fieldsText, renderError) = await RenderAsync(context, "Fields", json: true).ConfigureAwait(false);
        if (renderError is not null)
        {
            return Fault($"“字段值”：{renderError}");
        }

        JsonObject fields;
        try
        {
            fields = string.IsNullOrWhiteSpace(fieldsText) ? [] : JsonNode.Parse(fieldsText) as JsonObject
                ?? throw new JsonException("不是 JSON 对象");
        }
        catch (JsonException ex)
        {
            return Fault($"“字段值”生成的不是 JSON 对象：{ex.Message}");
        }

        var definitions = context.Services.GetRequiredService<IContentDefinitionManager>();
        if (await definitions.GetTypeDefinitionAsync(type, context.CancellationToken).ConfigureAwait(false) is null)
        {
            return Fault($"“内容类型”{type} 不存在");
        }

        var contents = context.Services.GetRequiredService<IContentManager>();
        var item = await contents.NewAsync(type, context.CancellationToken).ConfigureAwait(false);

        var level = Text(context, "OrgUnit", "same");
        var (unit, unitError) = ItemOrgUnitCode(context) is null && level is "same" or "parent"
            ? await ResolveOrgUnitAsync(context, "county").ConfigureAwait(false)
            : await ResolveOrgUnitAsync(context, level).ConfigureAwait(false);
        if (unit is null)
        {
            return Fault($"“所属单位”：{unitError}");
        }

        item.OrgUnitCode = unit.Code;
        foreach (var (path, value) in fields)
        {
            if (ContentFieldWriter.Split(path, type) is not var (part, field))
            {
                return Fault($"“字段值”中的 {path} 格式无效（应为“部件.字段”）");
            }

            item.SetFieldValue(part, field, value?.DeepClone());
        }

        var result = await contents.CreateAsync(item, Flag(context, "Publish") ? VersionOptions.Published : VersionOptions.Draft,
            context.CancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Fault(result.Status == CommandStatus.Invalid
                ? "保存失败：" + string.Join("；", result.Errors.Select(e => $"{e.Key}：{string.Join("，", e.Value)}"))
                : $"保存失败：{result.Message}");
        }

        context.Instance.Properties["createdContentItemId"] = result.Value!.ContentItemId;
        return ActivityResult.Outcomes("Done");
    }
}
