using Grassroots.ContentManagement.Metadata;
using Grassroots.Data;

namespace Grassroots.ServiceRequests.Models;

/// <summary>
/// The content type <c>ServiceRequest</c> (群众诉求): the request's document (requester, description, attachments). Items
/// are created and changed only by the pipeline: the type is owned by this module (<see cref="ContentTypeSettings.OwnedBy"/>),
/// so the generic content API and editor only read it; the state lives in <see cref="ServiceRequestRecord"/>.
/// Version 2 marks the type as owned in databases created before.
/// </summary>
internal sealed class ServiceRequestTypeMigrations(IContentDefinitionManager definitions) : DataMigration
{
    public const string TypeName = "ServiceRequest";

    /// <summary>The feature that owns the type.</summary>
    public const string Owner = "Grassroots.ServiceRequests";

    /// <summary>Channel select values (the <see cref="ServiceChannel"/> names in lower case) with their Chinese labels.</summary>
    public static IReadOnlyList<(ServiceChannel Channel, string Value, string Text)> Channels { get; } =
    [
        (ServiceChannel.Window, "window", "窗口"),
        (ServiceChannel.Phone, "phone", "电话"),
        (ServiceChannel.Letter, "letter", "信函"),
        (ServiceChannel.Online, "online", "网上"),
        (ServiceChannel.Grid, "grid", "网格上报"),
        (ServiceChannel.Proxy, "proxy", "代办"),
    ];

    public override async Task<int> CreateAsync()
    {
        var errors = await definitions.StoreTypeDefinitionAsync(Definition());
        if (errors.Count > 0)
        {
            throw Invalid(errors);
        }

        return 2;
    }

    /// <summary>Marks the type stored by version 1 as owned by the module (other settings an administrator changed are kept).</summary>
    public async Task<int> UpdateFrom1Async()
    {
        var type = await definitions.GetTypeDefinitionAsync(TypeName) ?? Definition();
        type.Settings.OwnedBy = Owner;
        type.Settings.Creatable = false;
        var errors = await definitions.StoreTypeDefinitionAsync(type);
        if (errors.Count > 0)
        {
            throw Invalid(errors);
        }

        return 2;
    }

    private static InvalidOperationException Invalid(IReadOnlyDictionary<string, string[]> errors)
        => new("群众诉求内容类型无效：" + string.Join("；", errors.Select(e => $"{e.Key}：{string.Join("，", e.Value)}")));

    internal static ContentTypeDefinition Definition() => new()
    {
        Name = TypeName,
        DisplayName = "群众诉求",
        Description = "流水线服务受理登记的群众诉求（办件）：申请人、诉求内容与附件；办理状态由流水线记录。",
        Settings = new ContentTypeSettings
        {
            Creatable = false,
            Listable = true,
            Draftable = false,
            Versionable = true,
            Securable = true,
            MaskDisplayText = false,
            OwnedBy = Owner,
        },
        Fields =
        [
            new() { Name = "ItemName", DisplayName = "事项名称", Kind = ContentFieldKinds.Text, Settings = new() { MaxLength = 200 } },
            new() { Name = "ItemCode", DisplayName = "事项编码", Kind = ContentFieldKinds.Text, Settings = new() { MaxLength = 50 } },
            new() { Name = "Description", DisplayName = "诉求内容", Kind = ContentFieldKinds.MultilineText, Settings = new() { Required = true, MaxLength = 4000 } },
            new() { Name = "RequesterName", DisplayName = "申请人姓名", Kind = ContentFieldKinds.Text, Settings = new() { Sensitive = true, MaxLength = 50 } },
            new() { Name = "RequesterPhone", DisplayName = "联系电话", Kind = ContentFieldKinds.Phone, Settings = new() { Sensitive = true } },
            new() { Name = "ResidentId", DisplayName = "身份证号码", Kind = ContentFieldKinds.ResidentId, Settings = new() { Sensitive = true } },
            new()
            {
                Name = "Channel",
                DisplayName = "受理渠道",
                Kind = ContentFieldKinds.Select,
                Settings = new() { Options = [.. Channels.Select(c => new SelectOption { Value = c.Value, Text = c.Text })] },
            },
            new() { Name = "Address", DisplayName = "地址", Kind = ContentFieldKinds.Text, Settings = new() { MaxLength = 200 } },
            new() { Name = "Attachments", DisplayName = "附件", Kind = ContentFieldKinds.Attachment, Settings = new() { Multiple = true } },
            new() { Name = "ReceiptCode", DisplayName = "受理回执码", Kind = ContentFieldKinds.Text, Settings = new() { MaxLength = 20 } },
        ],
    };
}
