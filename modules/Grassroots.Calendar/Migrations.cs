using Grassroots.Data;

namespace Grassroots.Calendar;

/// <summary>
/// Table <c>CalendarDays</c> of the business calendar (工作日历). Until the calendar became this module's own it was
/// created by the core's migrations (version 3), so a database from then already has it and keeps its rows.
/// </summary>
internal sealed class CalendarMigrations : DataMigration
{
    public override async Task<int> CreateAsync()
    {
        if (!await SchemaBuilder.TableExistsAsync("CalendarDays"))
        {
            await SchemaBuilder.CreateTablesForAsync(typeof(CalendarDayRecord));
        }

        return 1;
    }
}
