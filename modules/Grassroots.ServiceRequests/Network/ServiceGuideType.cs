using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.ServiceRequests.Network;

/// <summary>The content type 办事指南 (<c>ServiceGuide</c>): names of its part and fields, and its definition.</summary>
public static class ServiceGuideType
{
    public const string Name = "ServiceGuide";
    public const string Part = "ServiceGuide";
    public const string ItemCode = "ItemCode";
    public const string ItemName = "ItemName";
    public const string Office = "Office";
    public const string Window = "Window";
    public const string LegalBasis = "LegalBasis";
    public const string Procedure = "Procedure";
    public const string Materials = "Materials";
    public const string Fees = "Fees";
    public const string TimeLimitKind = "TimeLimitKind";
    public const string TimeLimitDays = "TimeLimitDays";
    public const string Contact = "Contact";
    public const string WorkRules = "WorkRules";

    public const string Immediate = "immediate";
    public const string Promised = "promised";

    /// <summary>事项编码: a letter or digit, then letters, digits and hyphens, 2–50 characters.</summary>
    public const string ItemCodePattern = "^[A-Za-z0-9][A-Za-z0-9-]{1,49}$";

    /// <summary>The definition stored by <see cref="ServiceGuideMigrations"/>. ItemName comes first: it is the display text.</summary>
    public static ContentTypeDefinition Definition() => new()
    {
        Name = Name,
        DisplayName = "办事指南",
        Description = "服务事项的办理指南：办理机构、流程、材料清单、收费、时限、法律依据与工作纪律",
        Settings = new ContentTypeSettings { Creatable = true, Listable = true, Draftable = true, Versionable = true, Securable = true, Publication = true },
        Fields =
        [
            Field(ItemName, "事项名称", ContentFieldKinds.Text, new() { Required = true, MaxLength = 200 }),
            Field(ItemCode, "事项编码", ContentFieldKinds.Text, new()
            {
                Required = true, MaxLength = 50, Pattern = ItemCodePattern,
                PatternMessage = "事项编码须以字母或数字开头，由字母、数字和连字符组成，2–50 位",
                Hint = "如 CL-MZ-001，已发布的办事指南中不得重复",
            }),
            Field(Office, "办理机构", ContentFieldKinds.Text, new() { Required = true, MaxLength = 40, Hint = "服务网点编码，如 370725001-R（镇街群众工作室）或 370725-C（县群众工作中心）" }),
            Field(Window, "办理窗口", ContentFieldKinds.Text, new() { MaxLength = 40, Hint = "窗口编码，如 370725001-R-W-MZ，可不填" }),
            Field(LegalBasis, "法律依据", ContentFieldKinds.MultilineText, new() { MaxLength = 4000 }),
            Field(Procedure, "办理流程", ContentFieldKinds.MultilineText, new() { MaxLength = 4000, Hint = "每行一个步骤" }),
            Field(Materials, "申请材料", ContentFieldKinds.MultilineText, new() { MaxLength = 4000, Hint = "每行一项材料" }),
            Field(Fees, "收费标准", ContentFieldKinds.Text, new() { MaxLength = 200, Default = JsonValue.Create("免费") }),
            Field(TimeLimitKind, "办理时限类型", ContentFieldKinds.Select, new()
            {
                Required = true, Default = JsonValue.Create(Promised),
                Options = [new SelectOption { Value = Immediate, Text = "即办" }, new SelectOption { Value = Promised, Text = "承诺" }],
            }),
            Field(TimeLimitDays, "承诺时限（工作日）", ContentFieldKinds.Number, new() { Min = 0, Max = 365, Scale = 0, Default = JsonValue.Create(0) }),
            Field(Contact, "咨询电话", ContentFieldKinds.Text, new() { MaxLength = 100 }),
            Field(WorkRules, "工作纪律", ContentFieldKinds.MultilineText, new() { MaxLength = 4000 }),
        ],
    };

    private static ContentFieldDefinition Field(string name, string displayName, string kind, ContentFieldSettings settings)
        => new() { Name = name, DisplayName = displayName, Kind = kind, Settings = settings };

    public static string? Text(ContentItem item, string field)
        => item.GetFieldValue(Part, field) switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s.TrimToNull(),
            JsonValue v => v.ToJsonString(),
            _ => null,
        };

    public static int Number(ContentItem item, string field)
        => item.GetFieldValue(Part, field) switch
        {
            JsonValue v when v.TryGetValue<decimal>(out var d) => (int)d,
            JsonValue v when v.TryGetValue<double>(out var d) => (int)d,
            JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, out var i) => i,
            _ => 0,
        };

    /// <summary>Non-empty lines of a multi-line field (procedure steps, materials).</summary>
    public static IReadOnlyList<string> Lines(ContentItem item, string field)
        => (Text(item, field) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
