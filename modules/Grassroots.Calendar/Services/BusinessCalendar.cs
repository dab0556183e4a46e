using System.Globalization;
using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Calendar;

/// <summary>
/// The whole calendar table held in memory (a few dozen rows a year). Invalidated on every change made through this
/// node, and expired after <see cref="Lifetime"/> so that changes made on another node show up within a minute.
/// </summary>
internal sealed class BusinessCalendarCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private volatile Snapshot? snapshot;

    public async Task<Snapshot> GetAsync(Func<Task<Dictionary<DateOnly, CalendarDay>>> load)
    {
        var current = snapshot;
        if (current is not null && current.ExpiresUtc > clock.GetUtcNow())
        {
            return current;
        }

        var days = await load();
        current = new Snapshot(days, days.Keys.Select(d => d.Year).Distinct().Order().ToList(), clock.GetUtcNow() + Lifetime);
        snapshot = current;
        return current;
    }

    public void Invalidate() => snapshot = null;

    public sealed record Snapshot(Dictionary<DateOnly, CalendarDay> Days, IReadOnlyList<int> Years, DateTimeOffset ExpiresUtc);
}

/// <summary>The <see cref="IBusinessCalendar"/> on table <c>CalendarDays</c>.</summary>
internal sealed class BusinessCalendar(IDbContextAccessor dbAccessor, BusinessCalendarCache cache, TimeProvider clock) : IBusinessCalendar
{
    private DbContext db => dbAccessor.DbContext;

    public const int MaxDays = 3650;

    public async Task<bool> IsWorkingDayAsync(DateOnly date, CancellationToken cancellationToken = default)
        => IsWorking((await LoadAsync(cancellationToken)).Days, date);

    public async Task<DateOnly> AddWorkingDaysAsync(DateOnly from, int days, CancellationToken cancellationToken = default)
    {
        if (days is > MaxDays or < -MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, $"工作日数必须在 -{MaxDays} 到 {MaxDays} 之间");
        }

        var map = (await LoadAsync(cancellationToken)).Days;
        var step = days >= 0 ? 1 : -1;
        var remaining = Math.Abs(days);
        var current = from;
        while (remaining > 0)
        {
            current = current.AddDays(step);
            if (IsWorking(map, current))
            {
                remaining--;
            }
        }

        return current;
    }

    public async Task<int> CountWorkingDaysAsync(DateOnly fromExclusive, DateOnly toInclusive, CancellationToken cancellationToken = default)
    {
        if (toInclusive < fromExclusive)
        {
            // (to, from] counted backwards.
            return -await CountWorkingDaysAsync(toInclusive, fromExclusive, cancellationToken);
        }

        var map = (await LoadAsync(cancellationToken)).Days;
        var count = 0;
        for (var d = fromExclusive.AddDays(1); d <= toInclusive; d = d.AddDays(1))
        {
            if (IsWorking(map, d))
            {
                count++;
            }
        }

        return count;
    }

    public async Task<IReadOnlyList<CalendarDay>> GetYearAsync(int year, CancellationToken cancellationToken = default)
        => (await LoadAsync(cancellationToken)).Days.Values.Where(d => d.Date.Year == year).OrderBy(d => d.Date).ToList();

    public async Task<IReadOnlyList<int>> GetCoverageAsync(CancellationToken cancellationToken = default)
        => (await LoadAsync(cancellationToken)).Years;

    public async Task<bool> IsYearCoveredAsync(int year, CancellationToken cancellationToken = default)
        => (await LoadAsync(cancellationToken)).Years.Contains(year);

    public async Task ReplaceYearAsync(int year, IEnumerable<CalendarDay> days, CancellationToken cancellationToken = default)
    {
        var list = days.ToList();
        if (list.FirstOrDefault(d => d.Date.Year != year) is { } stray)
        {
            throw new ArgumentException($"日期 {Format(stray.Date)} 不属于 {year} 年", nameof(days));
        }

        var (first, last) = Range(year);
        var existing = await db.Set<CalendarDayRecord>()
            .Where(r => string.Compare(r.Date, first) >= 0 && string.Compare(r.Date, last) <= 0)
            .ToDictionaryAsync(r => r.Date, cancellationToken);
        var incoming = new Dictionary<string, CalendarDay>();
        foreach (var day in list)
        {
            incoming[Format(day.Date)] = day;
        }

        foreach (var (key, record) in existing)
        {
            if (!incoming.ContainsKey(key))
            {
                db.Remove(record);
            }
        }

        foreach (var (key, day) in incoming)
        {
            Apply(existing.TryGetValue(key, out var record) ? record : null, day);
        }

        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate();
    }

    public async Task SetDayAsync(CalendarDay day, CancellationToken cancellationToken = default)
    {
        var record = await db.Set<CalendarDayRecord>().FindAsync([Format(day.Date)], cancellationToken);
        Apply(record, day);
        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate();
    }

    public async Task<bool> RemoveDayAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        var record = await db.Set<CalendarDayRecord>().FindAsync([Format(date)], cancellationToken);
        if (record is null)
        {
            return false;
        }

        db.Remove(record);
        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate();
        return true;
    }

    /// <summary>Adds or updates the tracked record for <paramref name="day"/> (not saved). Used by the recipe step too.</summary>
    internal bool Apply(CalendarDayRecord? record, CalendarDay day)
    {
        var kind = CalendarDayText.KindText(day.Kind);
        if (record is null)
        {
            db.Add(new CalendarDayRecord { Date = Format(day.Date), Kind = kind, Name = day.Name, ModifiedUtc = clock.GetUtcNow().UtcDateTime });
            return true;
        }

        if (record.Kind != kind || record.Name != day.Name)
        {
            record.Kind = kind;
            record.Name = day.Name;
            record.ModifiedUtc = clock.GetUtcNow().UtcDateTime;
            return true;
        }

        return false;
    }

    internal void Invalidate() => cache.Invalidate();

    internal static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static (string First, string Last) Range(int year) => ($"{year:D4}-01-01", $"{year:D4}-12-31");

    private static bool IsWorking(Dictionary<DateOnly, CalendarDay> map, DateOnly date)
        => map.TryGetValue(date, out var entry)
            ? entry.Kind == CalendarDayKind.Workday
            : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    private Task<BusinessCalendarCache.Snapshot> LoadAsync(CancellationToken cancellationToken)
        => cache.GetAsync(async () =>
        {
            var rows = await db.Set<CalendarDayRecord>().AsNoTracking().ToListAsync(cancellationToken);
            var map = new Dictionary<DateOnly, CalendarDay>();
            foreach (var r in rows)
            {
                if (CalendarDayText.TryParseDate(r.Date, out var date) && CalendarDayText.TryParseKind(r.Kind, out var kind))
                {
                    map[date] = new CalendarDay(date, kind, r.Name);
                }
            }

            return map;
        });
}
