namespace Grassroots.Calendar;

/// <summary>What a listed day is: a statutory holiday (day off) or an adjusted working weekend (调休上班).</summary>
public enum CalendarDayKind
{
    Holiday,
    Workday,
}

/// <summary>One entry of the business calendar (节假日安排).</summary>
public sealed record CalendarDay(DateOnly Date, CalendarDayKind Kind, string Name);

/// <summary>
/// The business calendar (工作日历): Monday–Friday are working days, Saturday and Sunday are days off, except the dates
/// listed as <see cref="CalendarDayKind.Holiday"/> (day off even on a weekday) or <see cref="CalendarDayKind.Workday"/>
/// (working day even on a weekend). A year without any entries falls back to plain Monday–Friday; use
/// <see cref="GetCoverageAsync"/> to warn that its schedule has not been entered yet.
/// </summary>
public interface IBusinessCalendar
{
    Task<bool> IsWorkingDayAsync(DateOnly date, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts working days from <paramref name="from"/>: for <paramref name="days"/> &gt; 0 the result is the
    /// <paramref name="days"/>-th working day after <paramref name="from"/> (<paramref name="from"/> itself is never
    /// counted, whether or not it is a working day); for <paramref name="days"/> &lt; 0 the |days|-th working day before
    /// it; for 0 <paramref name="from"/> itself.
    /// Example: 5 working days from Tuesday 2025-09-30 → 2025-10-14 (10-01..08 are holidays; 10-09, 10-10, Saturday 10-11 (调休上班), 10-13, 10-14).
    /// </summary>
    Task<DateOnly> AddWorkingDaysAsync(DateOnly from, int days, CancellationToken cancellationToken = default);

    /// <summary>Working days in (<paramref name="fromExclusive"/>, <paramref name="toInclusive"/>]; negative when the range is reversed.</summary>
    Task<int> CountWorkingDaysAsync(DateOnly fromExclusive, DateOnly toInclusive, CancellationToken cancellationToken = default);

    /// <summary>The entries of one year, by date.</summary>
    Task<IReadOnlyList<CalendarDay>> GetYearAsync(int year, CancellationToken cancellationToken = default);

    /// <summary>The years that have at least one entry, ascending.</summary>
    Task<IReadOnlyList<int>> GetCoverageAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether the schedule of <paramref name="year"/> has been entered.</summary>
    Task<bool> IsYearCoveredAsync(int year, CancellationToken cancellationToken = default);

    /// <summary>Replaces all entries of <paramref name="year"/> (every day must belong to it).</summary>
    Task ReplaceYearAsync(int year, IEnumerable<CalendarDay> days, CancellationToken cancellationToken = default);

    /// <summary>Adds or changes one entry.</summary>
    Task SetDayAsync(CalendarDay day, CancellationToken cancellationToken = default);

    /// <summary>Removes one entry; false when there was none.</summary>
    Task<bool> RemoveDayAsync(DateOnly date, CancellationToken cancellationToken = default);
}

/// <summary>Parsing of the text form <c>yyyy-MM-dd,holiday|workday,名称</c> shared by the recipe step, the API and the dashboard.</summary>
public static class CalendarDayText
{
    public const int MaxNameLength = 50;

    public static bool TryParseDate(string? text, out DateOnly date)
        => DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out date);

    public static bool TryParseKind(string? text, out CalendarDayKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "holiday" or "休" or "假日" or "节假日":
                kind = CalendarDayKind.Holiday;
                return true;
            case "workday" or "班" or "调休上班" or "工作日":
                kind = CalendarDayKind.Workday;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    public static string KindText(CalendarDayKind kind) => kind == CalendarDayKind.Holiday ? "holiday" : "workday";

    /// <summary>Parses one line; returns the Chinese error or null.</summary>
    public static string? TryParseLine(string line, out CalendarDay? day)
    {
        day = null;
        var cells = line.Split(',', '，');
        if (cells.Length < 3)
        {
            return "应为「日期,类型,名称」三列（如 2027-01-01,holiday,元旦）";
        }

        if (!TryParseDate(cells[0], out var date))
        {
            return $"日期「{cells[0].Trim()}」无效（应为 yyyy-MM-dd）";
        }

        if (!TryParseKind(cells[1], out var kind))
        {
            return $"类型「{cells[1].Trim()}」无效（应为 holiday 或 workday）";
        }

        var name = string.Join(',', cells.Skip(2)).Trim();
        if (name.Length == 0)
        {
            return "名称不能为空";
        }

        if (name.Length > MaxNameLength)
        {
            return $"名称不能超过 {MaxNameLength} 个字";
        }

        day = new CalendarDay(date, kind, name);
        return null;
    }
}
