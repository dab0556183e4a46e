using Grassroots.Navigation;
using Grassroots.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Calendar;

/// <summary>The 工作日历 screen and API, the calendar service, its table and the <c>calendar</c> recipe step.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddModelConfiguration<CalendarModelConfiguration>();
        services.AddDataMigration<CalendarMigrations>();
        services.AddSingleton<BusinessCalendarCache>();
        services.AddScoped<BusinessCalendar>();
        services.AddScoped<IBusinessCalendar>(sp => sp.GetRequiredService<BusinessCalendar>());
        services.AddRecipeStep<Recipes.CalendarStep>();
        services.AddNavigationProvider<AdminMenu>();
    }
}
