using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.ContentManagement.Fields;

/// <summary>Registration of the built-in field kinds (内置字段类型).</summary>
public static class FieldServiceCollectionExtensions
{
    /// <summary>
    /// Registers the 13 built-in <see cref="IContentFieldKind"/>s. The content picker needs <see cref="IContentManager"/>,
    /// the org-unit picker <see cref="OrgUnits.IOrgUnitService"/> and the attachment field <see cref="Media.IAttachmentStore"/>
    /// in the request's services.
    /// </summary>
    public static IServiceCollection AddBuiltInContentFields(this IServiceCollection services)
    {
        services.AddContentField<TextFieldKind>();
        services.AddContentField<MultilineTextFieldKind>();
        services.AddContentField<HtmlFieldKind>();
        services.AddContentField<NumberFieldKind>();
        services.AddContentField<BooleanFieldKind>();
        services.AddContentField<DateFieldKind>();
        services.AddContentField<DateTimeFieldKind>();
        services.AddContentField<SelectFieldKind>();
        services.AddContentField<ContentPickerFieldKind>();
        services.AddContentField<OrgUnitPickerFieldKind>();
        services.AddContentField<ResidentIdFieldKind>();
        services.AddContentField<PhoneFieldKind>();
        services.AddContentField<AttachmentFieldKind>();
        return services;
    }
}
