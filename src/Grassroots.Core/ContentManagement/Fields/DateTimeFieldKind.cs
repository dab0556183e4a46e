using System.Globalization;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.ContentManagement.Fields;

/// <summary>
/// 日期时间: an ISO 8601 instant stored as a UTC string (<c>2024-05-01T01:30:00Z</c>). A value without an offset (as a
/// <c>datetime-local</c> input posts it) is China Standard Time (+08:00).
/// </summary>
internal sealed class DateTimeFieldKind : IContentFieldKind
{
    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd",
    ];

    private static readonly string[] OffsetFormats =
    [
        "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd HH:mmzzz", "yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
    ];

    public string Name => ContentFieldKinds.DateTime;

    public string DisplayName => "日期时间";

    public ValueTask<JsonNode?> NormalizeAsync(JsonNode? value, FieldValidationContext context)
    {
        if (FieldValues.IsBlank(value))
        {
            return ValueTask.FromResult(FieldValidation.Missing(context));
        }

        if (Parse(FieldValues.AsString(value)) is not { } utc)
        {
            context.Error("「{0}」不是有效的日期时间");
            return ValueTask.FromResult<JsonNode?>(null);
        }

        return ValueTask.FromResult<JsonNode?>(JsonValue.Create(Format(utc)));
    }

    /// <summary>China Standard Time, to the minute.</summary>
    public string? ToText(JsonNode? value, ContentFieldDefinition field)
        => Parse(FieldValues.AsString(value)) is { } utc
            ? Localization.BusinessTime.FormatDateTime(utc)
            : FieldValues.AsString(value);

    public IndexedFieldValue ToIndex(JsonNode? value, ContentFieldDefinition field)
        => !field.Settings.Sensitive && Parse(FieldValues.AsString(value)) is { } utc ? new IndexedFieldValue(Date: utc) : default;

    /// <summary>The instant in UTC (<see cref="DateTimeKind.Utc"/>), or null when the text is not ISO 8601.</summary>
    internal static DateTime? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = FieldValues.ToHalfWidth(text).Trim();
        if (text.EndsWith('Z') || text.EndsWith('z'))
        {
            text = text[..^1] + "+00:00";
        }

        if (DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            return withOffset.UtcDateTime;
        }

        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return Localization.BusinessTime.ToUtc(local);
        }

        return null;
    }

    internal static string Format(DateTime utc)
        => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
