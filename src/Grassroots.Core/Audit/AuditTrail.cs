using System.Security.Claims;
using System.Text.Json.Nodes;
using Grassroots.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Audit;

/// <summary>
/// Appends entries one at a time (an in-process lock, plus a PostgreSQL advisory lock across nodes), each linked to
/// the previous by its hash.
/// </summary>
internal sealed class AuditTrail(GrassrootsDbContext db, TimeProvider clock, IHttpContextAccessor? http = null) : IAuditTrail
{
    private const long AdvisoryLockKey = 0x47_52_41_55_44_49_54; // "GRAUDIT"
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public async Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        var context = http?.HttpContext;
        var user = context?.User;
        var entry = new AuditEntryRecord
        {
            CreatedUtc = AuditHasher.Truncate(clock.GetUtcNow().UtcDateTime),
            Category = auditEvent.Category,
            Action = auditEvent.Action,
            Summary = Limit(auditEvent.Summary, 1000) ?? "",
            UserName = Limit(auditEvent.UserName ?? user?.Identity?.Name, 256),
            UserId = auditEvent.UserId ?? user?.FindFirstValue(ClaimTypes.NameIdentifier) ?? user?.FindFirstValue("sub"),
            ClientAddress = auditEvent.ClientAddress ?? context?.Connection.RemoteIpAddress?.ToString(),
            ContentItemId = auditEvent.ContentItemId,
            ContentType = auditEvent.ContentType,
            OrgUnitCode = auditEvent.OrgUnitCode,
            Data = auditEvent.Data?.ToJsonString(GrassrootsJson.Options),
        };
        await AppendAsync(entry, cancellationToken);
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var anchors = await db.Set<AuditEntryRecord>().AsNoTracking()
            .Where(e => e.Action == "audit.trimmed")
            .Select(e => e.Data)
            .ToListAsync(cancellationToken);
        long checkedCount = 0;
        string? previousHash = null;
        long previousSequence = 0;
        long after = long.MinValue;
        while (true)
        {
            var batch = await db.Set<AuditEntryRecord>().AsNoTracking()
                .Where(e => e.Sequence > after)
                .OrderBy(e => e.Sequence)
                .Take(1000)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return new AuditVerification(true, checkedCount, null, null);
            }

            foreach (var entry in batch)
            {
                checkedCount++;
                if (previousHash is null)
                {
                    var anchored = entry.Sequence == 1
                        ? entry.PreviousHash == AuditHasher.Genesis
                        : anchors.Any(a => Anchors(a, entry));
                    if (!anchored)
                    {
                        return new AuditVerification(false, checkedCount, entry.Sequence,
                            $"第 {entry.Sequence} 条之前的记录缺失，且没有清理记录可以证明它们是按保留期限清理的");
                    }
                }
                else if (entry.Sequence != previousSequence + 1)
                {
                    return new AuditVerification(false, checkedCount, entry.Sequence, $"第 {previousSequence + 1} 条至第 {entry.Sequence - 1} 条记录缺失");
                }
                else if (entry.PreviousHash != previousHash)
                {
                    return new AuditVerification(false, checkedCount, entry.Sequence, $"第 {entry.Sequence} 条记录与前一条的链接不符（前一条被修改或删除）");
                }

                if (AuditHasher.Compute(entry) != entry.Hash)
                {
                    return new AuditVerification(false, checkedCount, entry.Sequence, $"第 {entry.Sequence} 条记录的内容与其哈希不符（记录被修改）");
                }

                previousHash = entry.Hash;
                previousSequence = entry.Sequence;
            }

            after = batch[^1].Sequence;
        }
    }

    public async Task<int> TrimAsync(DateTime olderThanUtc, string? userName, CancellationToken cancellationToken = default)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
            await LockAcrossNodesAsync(cancellationToken);
            var set = db.Set<AuditEntryRecord>();
            var last = await set.AsNoTracking().Where(e => e.CreatedUtc < olderThanUtc).OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
            if (last is null)
            {
                return 0;
            }

            var count = await set.Where(e => e.Sequence <= last.Sequence).ExecuteDeleteAsync(cancellationToken);
            var anchor = new AuditEntryRecord
            {
                CreatedUtc = AuditHasher.Truncate(clock.GetUtcNow().UtcDateTime),
                Category = AuditCategories.Audit,
                Action = "audit.trimmed",
                Summary = $"按保留期限清理了 {count} 条审计记录（{olderThanUtc:yyyy-MM-dd} 之前）",
                UserName = userName,
                Data = new JsonObject
                {
                    ["trimmedThroughSequence"] = last.Sequence,
                    ["lastTrimmedHash"] = last.Hash,
                    ["trimmedCount"] = count,
                    ["olderThanUtc"] = olderThanUtc.ToString("O"),
                }.ToJsonString(GrassrootsJson.Options),
            };
            await AppendLockedAsync(anchor, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return count;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static bool Anchors(string? anchorData, AuditEntryRecord first)
    {
        if (anchorData is null || JsonNode.Parse(anchorData) is not JsonObject data)
        {
            return false;
        }

        return data["trimmedThroughSequence"]?.GetValue<long>() == first.Sequence - 1
            && data["lastTrimmedHash"]?.GetValue<string>() == first.PreviousHash;
    }

    private async Task AppendAsync(AuditEntryRecord entry, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
            await LockAcrossNodesAsync(cancellationToken);
            await AppendLockedAsync(entry, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task AppendLockedAsync(AuditEntryRecord entry, CancellationToken cancellationToken)
    {
        var set = db.Set<AuditEntryRecord>();
        var last = await set.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        entry.Sequence = (last?.Sequence ?? 0) + 1;
        entry.PreviousHash = last?.Hash ?? AuditHasher.Genesis;
        entry.Hash = AuditHasher.Compute(entry);
        set.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(entry).State = EntityState.Detached;
    }

    private async Task LockAcrossNodesAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        }
    }

    private static string? Limit(string? s, int max) => s is { Length: > 0 } && s.Length > max ? s[..max] : s;
}
