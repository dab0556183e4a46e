using System.Globalization;

namespace Grassroots.Calendar.Controllers;

/// <summary>One calendar entry: <c>kind</c> is <c>holiday</c> or <c>workday</c> (and <c>weekend</c> in skipped lists).</summary>
public sealed record CalendarDayDto(string Date, string Kind, string Name)
{
    public static CalendarDayDto From(CalendarDay d) => new(Format(d.Date), CalendarDayText.KindText(d.Kind), d.Name);

    public static string Format(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A year's entries; <c>covered</c> is false when none have been entered (weekdays are then working days).</summary>
public sealed record CalendarYearDto(int Year, bool Covered, IReadOnlyList<CalendarDayDto> Days);

/// <summary>Result of adding working days; <c>skipped</c> lists the days off passed over; <c>warning</c> names years without a schedule.</summary>
public sealed record AddWorkingDaysDto(string From, int Days, string Result, IReadOnlyList<CalendarDayDto> Skipped, string? Warning);

/// <summary>Body of <c>PUT /api/calendar/{year}</c>.</summary>
public sealed class CalendarYearInput
{
    public List<CalendarDayInput>? Days { get; set; }
}

public sealed class CalendarDayInput
{
    public string? Date { get; set; }
    public string? Kind { get; set; }
    public string? Name { get; set; }
}

/// <summary>Shared arithmetic helpers for the API and the screen.</summary>
public static class CalendarHelpers
{
    public const int MaxDays = 3650;

    /// <summary>The days off strictly between <paramref name="from"/> and <paramref name="result"/> (and <paramref name="result"/> excluded).</summary>
    public static async Task<List<CalendarDayDto>> SkippedAsync(IBusinessCalendar calendar, DateOnly from, DateOnly result, CancellationToken ct)
    {
        var skipped = new List<CalendarDayDto>();
        if (from == result)
        {
            return skipped;
        }

        var step = result > from ? 1 : -1;
        var entries = new Dictionary<DateOnly, CalendarDay>();
        foreach (var year in Enumerable.Range(Math.Min(from.Year, result.Year), Math.Abs(result.Year - from.Year) + 1))
        {
            foreach (var d in await calendar.GetYearAsync(year, ct))
            {
                entries[d.Date] = d;
            }
        }

        for (var d = from.AddDays(step); d != result; d = d.AddDays(step))
        {
            if (!await calendar.IsWorkingDayAsync(d, ct))
            {
                skipped.Add(entries.TryGetValue(d, out var e) ? CalendarDayDto.From(e) : new CalendarDayDto(CalendarDayDto.Format(d), "weekend", "周末"));
            }
        }

        return skipped;
    }

    /// <summary>Years between the two dates without any entries, for the 「尚未录入」 warning.</summary>
    public static async Task<List<int>> UncoveredYearsAsync(IBusinessCalendar calendar, DateOnly a, DateOnly b, CancellationToken ct)
    {
        var covered = await calendar.GetCoverageAsync(ct);
        return Enumerable.Range(Math.Min(a.Year, b.Year), Math.Abs(a.Year - b.Year) + 1).Where(y => !covered.Contains(y)).ToList();
    }
}
