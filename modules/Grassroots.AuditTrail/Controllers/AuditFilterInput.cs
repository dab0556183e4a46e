using System.Globalization;
using Grassroots.Audit;

namespace Grassroots.AuditTrail.Controllers;

/// <summary>Query-string filters shared by the screen and the API. Dates are China Standard Time (yyyy-MM-dd or yyyy-MM-dd HH:mm).</summary>
public sealed class AuditFilterInput
{
    public string? User { get; set; }
    public string? ContentItemId { get; set; }
    public string? ContentType { get; set; }
    public string? Category { get; set; }
    public string? Action { get; set; }

    /// <summary>From this date (inclusive), China time.</summary>
    public string? From { get; set; }

    /// <summary>Up to this date (inclusive of the whole day when no time is given), China time.</summary>
    public string? To { get; set; }

    public int Page { get; set; } = 1;
    public int PageSize { get; set; } = 50;

    private static readonly string[] Formats = ["yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"];

    /// <summary>Builds the filter; adds a Chinese message per bad date to <paramref name="errors"/> (keyed by parameter name).</summary>
    public AuditFilter ToFilter(IDictionary<string, string> errors)
    {
        return new AuditFilter
        {
            UserName = User,
            ContentItemId = ContentItemId,
            ContentType = ContentType,
            Category = Category,
            Action = Action,
            FromUtc = Parse(From, "from", "开始日期", endOfDay: false, errors),
            ToUtc = Parse(To, "to", "结束日期", endOfDay: true, errors),
            Page = Math.Max(1, Page),
            PageSize = Math.Clamp(PageSize, 1, 200),
        };
    }

    public static string FormatChina(DateTime utc)
        => Localization.BusinessTime.ToBusinessDateTime(utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static DateTime? Parse(string? text, string key, string label, bool endOfDay, IDictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!DateTime.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            errors[key] = $"{label}格式不正确，应为 yyyy-MM-dd";
            return null;
        }

        if (endOfDay && local.TimeOfDay == TimeSpan.Zero && text.Trim().Length == 10)
        {
            local = local.AddDays(1);
        }

        return Localization.BusinessTime.ToUtc(local);
    }
}
