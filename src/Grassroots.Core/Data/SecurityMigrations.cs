using Grassroots.Audit;
using Grassroots.Security;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Data;

/// <summary>
/// Security tables and columns added after the core schema's first versions: per-address sign-in failures and the
/// keyed signature of audit entries. A migration class of its own, so its steps never collide with the core's.
/// </summary>
internal sealed class SecurityMigrations(AuditKey auditKey) : DataMigration
{
    /// <summary>
    /// <c>LoginFailures</c>; <c>AuditEntries.Mac</c>, signed for every existing entry (a fresh database already has the
    /// column: tables are created from the current model).
    /// </summary>
    public override async Task<int> CreateAsync()
    {
        await SchemaBuilder.CreateTablesForAsync(typeof(LoginFailureRecord));
        var db = SchemaBuilder.DbContext;
        if (!await SchemaBuilder.ColumnExistsAsync("AuditEntries", "Mac"))
        {
            await SchemaBuilder.ExecuteAsync(b => b.AddColumn<string>("Mac", "AuditEntries", maxLength: 64, nullable: true));
        }

        // Sign what is there. Entries altered before this step keep their broken hashes: verify still reports them.
        long after = long.MinValue;
        while (true)
        {
            var batch = await db.Set<AuditEntryRecord>().Where(e => e.Sequence > after && e.Mac == null)
                .OrderBy(e => e.Sequence).Take(1000).ToListAsync();
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var entry in batch)
            {
                entry.Mac = auditKey.Sign(entry.Hash);
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            after = batch[^1].Sequence;
        }

        return 1;
    }
}
