namespace Grassroots.Localization;

/// <summary>Business dates in China Standard Time.</summary>
public static class BusinessTime
{
    private static readonly TimeZoneInfo Zone = Resolve();

    public static TimeZoneInfo ChinaStandardTime => Zone;

    public static DateOnly ToBusinessDate(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone));

    public static string FormatDate(DateTime? utc) => utc is null ? "" : ToBusinessDate(utc.Value).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string FormatDateTime(DateTime? utc) => utc is null ? "" : TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc.Value, DateTimeKind.Utc), Zone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static TimeZoneInfo Resolve()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("China Standard Time", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}
