using System.Globalization;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.ContentManagement.Fields;

/// <summary>
/// 日期: a calendar date stored as <c>yyyy-MM-dd</c>. <see cref="ContentFieldSettings.Min"/> and
/// <see cref="ContentFieldSettings.Max"/>, when set, are dates written as the number yyyyMMdd (e.g. 20240101).
/// </summary>
internal sealed class DateFieldKind : IContentFieldKind
{
    private static readonly string[] Formats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd"];

    public string Name => ContentFieldKinds.Date;

    public string DisplayName => "日期";

    public ValueTask<JsonNode?> NormalizeAsync(JsonNode? value, FieldValidationContext context)
    {
        if (FieldValues.IsBlank(value))
        {
            return ValueTask.FromResult(FieldValidation.Missing(context));
        }

        if (Parse(FieldValues.AsString(value)) is not { } date)
        {
            context.Error("「{0}」不是有效的日期（格式为 yyyy-MM-dd）");
            return ValueTask.FromResult<JsonNode?>(null);
        }

        var settings = context.Field.Settings;
        if (FromNumber(settings.Min) is { } min && date < min)
        {
            context.Error("「{0}」不能早于 {1}", Format(min));
        }

        if (FromNumber(settings.Max) is { } max && date > max)
        {
            context.Error("「{0}」不能晚于 {1}", Format(max));
        }

        return ValueTask.FromResult<JsonNode?>(JsonValue.Create(Format(date)));
    }

    public string? ToText(JsonNode? value, ContentFieldDefinition field)
        => Parse(FieldValues.AsString(value)) is { } date ? Format(date) : FieldValues.AsString(value);

    public IndexedFieldValue ToIndex(JsonNode? value, ContentFieldDefinition field)
        => !field.Settings.Sensitive && Parse(FieldValues.AsString(value)) is { } date
            ? new IndexedFieldValue(Date: date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))
            : default;

    internal static DateOnly? Parse(string? text)
        => text is not null
           && DateOnly.TryParseExact(FieldValues.ToHalfWidth(text).Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    internal static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A date written as the number yyyyMMdd, or null when it is not one.</summary>
    private static DateOnly? FromNumber(decimal? number)
    {
        if (number is not { } n || n != decimal.Truncate(n) || n < 10000101 || n > 99991231)
        {
            return null;
        }

        var whole = (int)n;
        return DateOnly.TryParseExact(whole.ToString(CultureInfo.InvariantCulture), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }
}
