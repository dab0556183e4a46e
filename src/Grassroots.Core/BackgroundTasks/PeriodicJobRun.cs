using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.BackgroundTasks;

/// <summary>
/// A row of <c>PeriodicJobRuns</c>: the last run of one periodic job on any node. Read and written under the job's lock,
/// so a node that takes the lock after another ran the job in the same interval sees that and skips.
/// </summary>
internal sealed class PeriodicJobRun
{
    /// <summary>The job's <see cref="IPeriodicJob.Name"/>.</summary>
    public string Name { get; set; } = "";

    public DateTime LastStartedUtc { get; set; }

    /// <summary>When the last run ended (also when it failed), null while it runs.</summary>
    public DateTime? LastFinishedUtc { get; set; }

    /// <summary>The node that ran it last (<c>Jobs:NodeName</c>).</summary>
    public string Node { get; set; } = "";

    /// <summary>The last run's error message, null when it succeeded.</summary>
    public string? LastError { get; set; }

    /// <summary>Runs so far, on all nodes.</summary>
    public long Runs { get; set; }
}

/// <summary>The <c>PeriodicJobRuns</c> table, keyed by job name.</summary>
internal sealed class PeriodicJobRunModelConfiguration : IModelConfiguration
{
    public void Configure(ModelBuilder modelBuilder)
        => modelBuilder.Entity<PeriodicJobRun>(e =>
        {
            e.ToTable("PeriodicJobRuns");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Node).HasMaxLength(200);
            e.Property(x => x.LastError).HasMaxLength(2000);
        });
}

/// <summary>Creates <c>PeriodicJobRuns</c> (its own migration class, so its version is independent of the others).</summary>
internal sealed class PeriodicJobMigrations : DataMigration
{
    public override async Task<int> CreateAsync()
    {
        await SchemaBuilder.CreateTablesForAsync(typeof(PeriodicJobRun));
        return 1;
    }
}
