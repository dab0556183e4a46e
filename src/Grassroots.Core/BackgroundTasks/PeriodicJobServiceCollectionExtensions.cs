using Grassroots.Data;
using Grassroots.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Grassroots.BackgroundTasks;

/// <summary>Registration of the periodic-job runner and the outbox (the core feature's background machinery).</summary>
internal static class PeriodicJobServiceCollectionExtensions
{
    /// <summary>The runner (a hosted service), its <c>PeriodicJobRuns</c> table and the <c>Jobs</c> settings.</summary>
    public static IServiceCollection AddPeriodicJobRunner(this IServiceCollection services)
    {
        services.AddDataMigration<PeriodicJobMigrations>();
        services.AddModelConfiguration<PeriodicJobRunModelConfiguration>();
        services.AddOptions<PeriodicJobOptions>().BindConfiguration("Jobs");
        services.TryAddSingleton<PeriodicJobLedger>();
        services.TryAddSingleton<PeriodicJobRunner>();
        services.TryAddSingleton<IPeriodicJobScheduler>(sp => sp.GetRequiredService<PeriodicJobRunner>());
        services.AddHostedService(sp => sp.GetRequiredService<PeriodicJobRunner>());
        return services;
    }

    /// <summary><see cref="IOutbox"/> (scoped), its dispatcher, the <c>OutboxMessages</c> table and the dispatch job.</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.AddDataMigration<OutboxMigrations>();
        services.AddModelConfiguration<OutboxMessageModelConfiguration>();
        services.AddOptions<OutboxOptions>().BindConfiguration("Outbox");
        services.TryAddSingleton<OutboxDispatcher>();
        services.TryAddScoped<IOutbox, ScopedOutbox>();
        services.AddPeriodicJob<OutboxDispatchJob>();
        return services;
    }
}
