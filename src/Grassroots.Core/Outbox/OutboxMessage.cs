using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Outbox;

/// <summary>A row of <c>OutboxMessages</c>: a domain event written in the transaction of its change (see <see cref="IOutbox"/>).</summary>
internal sealed class OutboxMessage
{
    /// <summary>Time-ordered unique id (the handlers' idempotency key).</summary>
    public string Id { get; set; } = "";

    public string Type { get; set; } = "";

    /// <summary>The payload as JSON.</summary>
    public string Payload { get; set; } = "{}";

    public DateTime CreatedUtc { get; set; }

    /// <summary>Dispatches begun so far.</summary>
    public int Attempts { get; set; }

    /// <summary>
    /// When the message may next be dispatched: its creation at first, the end of a dispatcher's claim while it is being
    /// handled (a node that dies mid-way frees it), then the back-off after a failure.
    /// </summary>
    public DateTime NextAttemptUtc { get; set; }

    /// <summary>When every handler succeeded; null while pending.</summary>
    public DateTime? HandledUtc { get; set; }

    public string? LastError { get; set; }
}

/// <summary>The <c>OutboxMessages</c> table: pending messages are found by (handled, next attempt).</summary>
internal sealed class OutboxMessageModelConfiguration : IModelConfiguration
{
    public void Configure(ModelBuilder modelBuilder)
        => modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("OutboxMessages");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(26);
            e.Property(x => x.Type).HasMaxLength(100);
            e.Property(x => x.LastError).HasMaxLength(2000);
            e.HasIndex(x => new { x.HandledUtc, x.NextAttemptUtc });
        });
}

/// <summary>Creates <c>OutboxMessages</c> (its own migration class, independent of <see cref="CoreMigrations"/>).</summary>
internal sealed class OutboxMigrations : DataMigration
{
    public override async Task<int> CreateAsync()
    {
        await SchemaBuilder.CreateTablesForAsync(typeof(OutboxMessage));
        return 1;
    }
}
