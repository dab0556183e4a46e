using System.Globalization;

namespace Grassroots.Localization;

/// <summary>
/// Business dates and times are China Standard Time (北京时间, UTC+08:00; daylight saving only in 1986–1991): a case registered at
/// 2024-03-01 17:30 UTC belongs to 2024-03-02. Times are stored in UTC; convert only to show or to pick a day.
/// </summary>
public static class BusinessTime
{
    /// <summary>The IANA id of China Standard Time.</summary>
    public const string TimeZoneId = "Asia/Shanghai";

    /// <summary><c>Asia/Shanghai</c> from the system time zone database, or a fixed +08:00 zone when it is missing.</summary>
    public static TimeZoneInfo ChinaStandardTime { get; } = ResolveChinaStandardTime(TimeZoneInfo.FindSystemTimeZoneById);

    /// <summary>The CST calendar day of a UTC instant.</summary>
    public static DateOnly ToBusinessDate(DateTime utc) => DateOnly.FromDateTime(ToBusinessDateTime(utc));

    /// <summary>The CST wall-clock time of a UTC instant (<see cref="DateTimeKind.Unspecified"/>).</summary>
    /// <remarks>An <see cref="DateTimeKind.Unspecified"/> value, as EF Core reads from SQLite, is taken as UTC.</remarks>
    public static DateTime ToBusinessDateTime(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(AsUtc(utc), ChinaStandardTime);

    /// <summary>The UTC instant of a CST wall-clock time (its <see cref="DateTime.Kind"/> is ignored).</summary>
    public static DateTime ToUtc(DateTime businessDateTime) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(businessDateTime, DateTimeKind.Unspecified), ChinaStandardTime);

    /// <summary>The UTC instant at which the CST day <paramref name="date"/> begins (00:00 北京时间).</summary>
    public static DateTime StartOfDayUtc(DateOnly date) => ToUtc(date.ToDateTime(TimeOnly.MinValue));

    /// <summary>Today in CST according to <paramref name="clock"/>.</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return ToBusinessDate(clock.GetUtcNow().UtcDateTime);
    }

    /// <summary><c>yyyy-MM-dd</c> in CST, or an empty string for <see langword="null"/>.</summary>
    public static string FormatDate(DateTime? utc) =>
        utc is { } value ? ToBusinessDateTime(value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty;

    /// <summary><c>yyyy-MM-dd HH:mm</c> in CST, or an empty string for <see langword="null"/>.</summary>
    public static string FormatDateTime(DateTime? utc) =>
        utc is { } value ? ToBusinessDateTime(value).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : string.Empty;

    internal static TimeZoneInfo ResolveChinaStandardTime(Func<string, TimeZoneInfo> findSystemTimeZone)
    {
        try
        {
            return findSystemTimeZone(TimeZoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone(TimeZoneId, TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }

    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
