using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Calendar;

/// <summary>
/// One row of table <c>CalendarDays</c>. The date is stored as text <c>yyyy-MM-dd</c> (the primary key): it sorts and
/// compares the same way on SQLite and PostgreSQL, and a year is the range <c>"2025-01-01"</c>..<c>"2025-12-31"</c>.
/// </summary>
public sealed class CalendarDayRecord
{
    public string Date { get; set; } = "";

    /// <summary><c>holiday</c> or <c>workday</c>.</summary>
    public string Kind { get; set; } = "";

    public string Name { get; set; } = "";

    public DateTime ModifiedUtc { get; set; }
}

internal sealed class CalendarModelConfiguration : IModelConfiguration
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CalendarDayRecord>(e =>
        {
            e.ToTable("CalendarDays");
            e.HasKey(x => x.Date);
            e.Property(x => x.Date).HasMaxLength(10);
            e.Property(x => x.Kind).HasMaxLength(10);
            e.Property(x => x.Name).HasMaxLength(CalendarDayText.MaxNameLength);
        });
    }
}
