using System.Security.Claims;
using System.Text.Json.Nodes;
using Grassroots.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Grassroots.Audit;

/// <summary>
/// Appends entries one at a time (an in-process lock, plus a PostgreSQL advisory lock across nodes), each linked to
/// the previous by its hash.
/// </summary>
/// <remarks>
/// When the caller already has a transaction open (a recipe step), the entry joins it and the in-process lock is not
/// taken: the transaction already holds the database write lock (SQLite) or the advisory lock stays held until it
/// commits (PostgreSQL), and taking the in-process lock again while another scope waits for that database lock would
/// deadlock.
/// </remarks>
internal sealed partial class AuditTrail(
    GrassrootsDbContext db,
    TimeProvider clock,
    AuditKey key,
    AuditAnchorFile anchorFile,
    ILogger<AuditTrail> logger,
    IHttpContextAccessor? http = null) : IAuditTrail
{
    public const string AnchorAction = "audit.anchor";

    private const long AdvisoryLockKey = 0x47_52_41_55_44_49_54; // "GRAUDIT"
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public async Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        var context = http?.HttpContext;
        var user = context?.User;
        var entry = new AuditEntryRecord
        {
            CreatedUtc = AuditHasher.Truncate(clock.GetUtcNow().UtcDateTime),
            Category = Limit(auditEvent.Category, 40) ?? "",
            Action = Limit(auditEvent.Action, 80) ?? "",
            Summary = Limit(auditEvent.Summary, 1000) ?? "",
            UserName = Limit(auditEvent.UserName ?? user?.Identity?.Name, 256),
            UserId = Limit(auditEvent.UserId ?? user?.FindFirstValue(ClaimTypes.NameIdentifier) ?? user?.FindFirstValue("sub"), 64),
            ClientAddress = Limit(auditEvent.ClientAddress ?? ClientAddressOf(context), 64),
            ContentItemId = Limit(auditEvent.ContentItemId, 26),
            ContentType = Limit(auditEvent.ContentType, 100),
            OrgUnitCode = Limit(auditEvent.OrgUnitCode, 32),
            Data = auditEvent.Data?.ToJsonString(GrassrootsJson.Options),
        };

        // The audited action has already happened: a client that disconnects must not drop its record.
        await AppendAsync(entry, CancellationToken.None);
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        // On PostgreSQL walk one snapshot: a trim committed by another node half-way through would otherwise delete
        // the anchor or the head the walk already read and report a break that is not there.
        if (db.Database.IsNpgsql() && db.Database.CurrentTransaction is null)
        {
            await using var snapshot = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            var result = await WalkAsync(cancellationToken);
            await snapshot.CommitAsync(cancellationToken);
            return result;
        }

        return await WalkAsync(cancellationToken);
    }

    private async Task<AuditVerification> WalkAsync(CancellationToken cancellationToken)
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
                return await CheckAnchorFileAsync(checkedCount, anchors, cancellationToken);
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

                if (!key.Verify(entry.Hash, entry.Mac))
                {
                    return new AuditVerification(false, checkedCount, entry.Sequence,
                        $"第 {entry.Sequence} 条记录的密钥签名不符（记录被改写后重新计算了哈希，或本节点的审计密钥与写入时不同）");
                }

                previousHash = entry.Hash;
                previousSequence = entry.Sequence;
            }

            after = batch[^1].Sequence;
        }
    }

    public async Task<int> TrimAsync(DateTime olderThanUtc, string? userName, CancellationToken cancellationToken = default)
    {
        var joined = db.Database.CurrentTransaction is not null;
        if (!joined)
        {
            await Gate.WaitAsync(cancellationToken);
        }

        try
        {
            await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
            await LockAcrossNodesAsync(cancellationToken);
            var set = db.Set<AuditEntryRecord>();

            // The newest entry overall: the anchor continues the chain from it even when every entry is trimmed
            // (otherwise the sequence would restart at 1 with the genesis hash and the trim would be invisible).
            var newest = await set.AsNoTracking().OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
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
            await AppendLockedAsync(anchor, newest!.Sequence, newest.Hash, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return count;
        }
        finally
        {
            if (!joined)
            {
                Gate.Release();
            }
        }
    }

    /// <summary>The entry named by this node's anchor file must still be there, unchanged, unless retention trimmed it.</summary>
    private async Task<AuditVerification> CheckAnchorFileAsync(long checkedCount, IReadOnlyList<string?> trimAnchors, CancellationToken cancellationToken)
    {
        var read = await anchorFile.ReadAsync(cancellationToken);
        if (read.IsTampered)
        {
            return new AuditVerification(false, checkedCount, null, "审计锚点文件的签名不符（文件被改动，或审计密钥已更换）");
        }

        if (read.Anchor is not { } anchor)
        {
            return new AuditVerification(true, checkedCount, null, null);
        }

        var hash = await db.Set<AuditEntryRecord>().AsNoTracking()
            .Where(e => e.Sequence == anchor.Sequence).Select(e => e.Hash).FirstOrDefaultAsync(cancellationToken);
        var at = Localization.BusinessTime.FormatDateTime(anchor.CreatedUtc);
        if (hash is null && anchor.Sequence > trimAnchors.Select(TrimmedThrough).DefaultIfEmpty(0).Max())
        {
            return new AuditVerification(false, checkedCount, anchor.Sequence,
                $"审计日志被截断：{at}（北京时间）的锚点记录当时共 {anchor.EntryCount} 条、最新为第 {anchor.Sequence} 条，现在第 {anchor.Sequence} 条已不存在");
        }

        if (hash is not null && !string.Equals(hash, anchor.Hash, StringComparison.Ordinal))
        {
            return new AuditVerification(false, checkedCount, anchor.Sequence,
                $"第 {anchor.Sequence} 条记录与 {at}（北京时间）的锚点不符（记录被改写）");
        }

        return new AuditVerification(true, checkedCount, null, null);
    }

    public async Task<AuditAnchor?> AnchorAsync(CancellationToken cancellationToken = default)
    {
        await Gate.WaitAsync(cancellationToken);
        AuditAnchor anchor;
        try
        {
            await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
            await LockAcrossNodesAsync(cancellationToken);
            var set = db.Set<AuditEntryRecord>();
            var newest = await set.AsNoTracking().OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash, e.Action, e.CreatedUtc }).FirstOrDefaultAsync(cancellationToken);
            if (newest is null)
            {
                return null;
            }

            var count = await set.LongCountAsync(cancellationToken);
            if (newest.Action == AnchorAction)
            {
                // Nothing happened since the last anchor: refresh this node's file from it, write no new entry.
                anchor = new AuditAnchor(newest.Sequence, newest.Hash, count, newest.CreatedUtc);
                await transaction.CommitAsync(cancellationToken);
                await anchorFile.WriteAsync(anchor, cancellationToken);
                return null;
            }

            var entry = new AuditEntryRecord
            {
                CreatedUtc = AuditHasher.Truncate(clock.GetUtcNow().UtcDateTime),
                Category = AuditCategories.Audit,
                Action = AnchorAction,
                Summary = $"审计锚点：共 {count} 条记录，最新为第 {newest.Sequence} 条",
                UserName = "system",
                Data = new JsonObject
                {
                    ["entryCount"] = count,
                    ["headSequence"] = newest.Sequence,
                    ["headHash"] = newest.Hash,
                }.ToJsonString(GrassrootsJson.Options),
            };
            await AppendLockedAsync(entry, newest.Sequence, newest.Hash, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            anchor = new AuditAnchor(entry.Sequence, entry.Hash, count + 1, entry.CreatedUtc);
        }
        finally
        {
            Gate.Release();
        }

        await anchorFile.WriteAsync(anchor, cancellationToken);
        LogAnchor(logger, anchor.EntryCount, anchor.Sequence, anchor.Hash, key.Sign(anchor.Hash));
        return anchor;
    }

    private static long TrimmedThrough(string? anchorData)
    {
        try
        {
            return anchorData is not null && JsonNode.Parse(anchorData) is JsonObject data
                && data["trimmedThroughSequence"] is JsonValue through && through.TryGetValue<long>(out var sequence)
                ? sequence
                : 0;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit anchor: {EntryCount} entries, head #{Sequence} hash {Hash}, signature {Signature}.")]
    private static partial void LogAnchor(ILogger logger, long entryCount, long sequence, string hash, string signature);

    private static bool Anchors(string? anchorData, AuditEntryRecord first)
    {
        try
        {
            if (anchorData is null || JsonNode.Parse(anchorData) is not JsonObject data)
            {
                return false;
            }

            return data["trimmedThroughSequence"] is JsonValue through && through.TryGetValue<long>(out var sequence)
                && sequence == first.Sequence - 1
                && data["lastTrimmedHash"] is JsonValue hash && hash.TryGetValue<string>(out var h)
                && string.Equals(h, first.PreviousHash, StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            // A damaged anchor anchors nothing; the walk then reports the first remaining entry.
            return false;
        }
    }

    private async Task AppendAsync(AuditEntryRecord entry, CancellationToken cancellationToken)
    {
        var joined = db.Database.CurrentTransaction is not null;
        if (!joined)
        {
            await Gate.WaitAsync(cancellationToken);
        }

        try
        {
            await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
            await LockAcrossNodesAsync(cancellationToken);
            var last = await db.Set<AuditEntryRecord>().AsNoTracking().OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
            await AppendLockedAsync(entry, last?.Sequence ?? 0, last?.Hash ?? AuditHasher.Genesis, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            if (!joined)
            {
                Gate.Release();
            }
        }
    }

    private async Task AppendLockedAsync(AuditEntryRecord entry, long previousSequence, string previousHash, CancellationToken cancellationToken)
    {
        entry.Sequence = previousSequence + 1;
        entry.PreviousHash = previousHash;
        entry.Hash = AuditHasher.Compute(entry);
        entry.Mac = key.Sign(entry.Hash);
        var set = db.Set<AuditEntryRecord>();
        set.Add(entry);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            // Never leave a failed entry tracked: a later SaveChanges of the same scope would insert it unlinked.
            db.Entry(entry).State = EntityState.Detached;
        }
    }

    private static string? ClientAddressOf(HttpContext? context)
    {
        var address = context?.Connection.RemoteIpAddress;
        return address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    private async Task LockAcrossNodesAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        }
    }

    /// <summary>Cuts to the column length (PostgreSQL rejects longer values) without splitting a surrogate pair.</summary>
    private static string? Limit(string? s, int max)
    {
        if (s is null || s.Length <= max)
        {
            return s;
        }

        var cut = char.IsHighSurrogate(s[max - 1]) ? max - 1 : max;
        return s[..cut];
    }
}
