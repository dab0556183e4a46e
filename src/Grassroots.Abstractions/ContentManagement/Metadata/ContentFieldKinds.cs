namespace Grassroots.ContentManagement.Metadata;

/// <summary>The names of the built-in field kinds.</summary>
public static class ContentFieldKinds
{
    public const string Text = "Text";
    public const string MultilineText = "MultilineText";
    public const string Html = "Html";
    public const string Number = "Number";
    public const string Boolean = "Boolean";
    public const string Date = "Date";
    public const string DateTime = "DateTime";
    public const string Select = "Select";
    public const string ContentPicker = "ContentPicker";
    public const string OrgUnitPicker = "OrgUnitPicker";
    /// <summary>Resident identity number (居民身份证号码), 18 characters with the GB 11643 check digit.</summary>
    public const string ResidentId = "ResidentId";
    /// <summary>Mainland mobile or landline number.</summary>
    public const string Phone = "Phone";
    public const string Attachment = "Attachment";

    /// <summary>
    /// Kinds whose values are always sensitive personal data (resident ID and phone numbers), whatever the field's
    /// <see cref="ContentFieldSettings.Sensitive"/> setting says.
    /// </summary>
    public static bool IsAlwaysSensitive(string? kind) => kind is ResidentId or Phone;
}
