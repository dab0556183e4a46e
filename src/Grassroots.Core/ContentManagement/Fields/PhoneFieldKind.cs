using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.ContentManagement.Fields;

/// <summary>
/// 电话号码: a mainland mobile number (<c>1[3-9]</c> and 9 digits; a +86/86 prefix is dropped) or a landline
/// (<c>0</c>, a 2–3 digit area code, an optional hyphen, 7–8 digits, an optional <c>-extension</c>). Spaces are removed.
/// </summary>
internal sealed partial class PhoneFieldKind : IContentFieldKind
{
    public string Name => ContentFieldKinds.Phone;

    public string DisplayName => "电话号码";

    public ValueTask<JsonNode?> NormalizeAsync(JsonNode? value, FieldValidationContext context)
    {
        if (FieldValues.IsBlank(value))
        {
            return ValueTask.FromResult(FieldValidation.Missing(context));
        }

        var text = FieldValues.AsString(value);
        var phone = text is null ? null : Normalize(text);
        if (phone is null)
        {
            context.Error("「{0}」不是有效的手机或固定电话号码");
            return ValueTask.FromResult<JsonNode?>(null);
        }

        FieldValidation.CheckText(context, phone, context.Field.Settings);
        return ValueTask.FromResult<JsonNode?>(JsonValue.Create(phone));
    }

    public string? ToText(JsonNode? value, ContentFieldDefinition field) => FieldValues.AsString(value);

    public IndexedFieldValue ToIndex(JsonNode? value, ContentFieldDefinition field)
        => FieldValidation.TextIndex(FieldValues.AsString(value), field);

    /// <summary>The number as stored (mobile: 11 digits; landline: as typed without spaces), or null when invalid.</summary>
    internal static string? Normalize(string text)
    {
        var compact = string.Concat(FieldValues.ToHalfWidth(text).Where(c => !char.IsWhiteSpace(c)));
        if (compact.Length == 0)
        {
            return null;
        }

        // Mobile numbers are often written 138-1234-5678 or +86-138…; the hyphens carry nothing.
        var digits = compact.Replace("-", "", StringComparison.Ordinal);
        if (digits.StartsWith("+86", StringComparison.Ordinal))
        {
            digits = digits[3..];
        }
        else if (digits.StartsWith("86", StringComparison.Ordinal) && digits.Length == 13)
        {
            digits = digits[2..];
        }

        if (Mobile().IsMatch(digits))
        {
            return digits;
        }

        return Landline().IsMatch(compact) ? compact : null;
    }

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    internal static partial Regex Mobile();

    [GeneratedRegex(@"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")]
    internal static partial Regex Landline();
}
