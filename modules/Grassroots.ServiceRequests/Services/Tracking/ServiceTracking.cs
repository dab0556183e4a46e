using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.Data;
using Grassroots.ServiceRequests.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Grassroots.ServiceRequests.Services.Tracking;

/// <summary>How a tracking attempt ended.</summary>
public enum TrackingStatus
{
    /// <summary>The secret matches: the request may be shown and followed up.</summary>
    Opened,

    /// <summary>No request has this receipt code.</summary>
    UnknownCode,

    /// <summary>The request has no secret yet (registered before secrets existed): the receipt must be re-printed.</summary>
    NoSecret,

    /// <summary>Nothing that could be a secret was typed (empty, wrong length or characters): not counted as a failure.</summary>
    MissingSecret,

    /// <summary>The secret is wrong.</summary>
    WrongSecret,

    /// <summary>Too many wrong secrets for this request: refused until <see cref="TrackingResult.RetryMinutes"/> have passed.</summary>
    RequestLocked,

    /// <summary>Too many failures from this client address.</summary>
    AddressLimited,
}

/// <summary>The outcome of a tracking attempt; <see cref="Record"/> is set whenever the receipt code is known.</summary>
public sealed record TrackingResult(TrackingStatus Status, ServiceRequestRecord? Record, int RetryMinutes = 0)
{
    public bool Opened => Status == TrackingStatus.Opened;
}

/// <summary>
/// Tracking by the public receipt code plus the private secret (查询密码) from the receipt (decision 0011). Failures count
/// per request (in the database: a wrong secret for a known receipt code counts against that request, from any address;
/// <see cref="ServiceTrackingOptions.MaxFailuresPerRequest"/> in a window lock it for <see cref="ServiceTrackingOptions.LockMinutes"/>)
/// and per client address (<see cref="TrackingAddressLimiter"/>). Staff re-print a receipt to issue a new secret.
/// </summary>
public sealed class ServiceTracking(
    IDbContextAccessor accessor,
    PublicRequestReader reader,
    TrackingSecretHasher hasher,
    TrackingAddressLimiter addresses,
    IOptions<ServiceTrackingOptions> options,
    IAuditTrail audit,
    TimeProvider clock)
{
    private DbSet<ServiceRequestTracking> Rows => accessor.DbContext.Set<ServiceRequestTracking>();

    private ServiceTrackingOptions Settings => options.Value;

    /// <summary>Checks <paramref name="secret"/> for the request with <paramref name="receiptCode"/>, counting failures.</summary>
    public async Task<TrackingResult> OpenAsync(string? receiptCode, string? secret, string clientAddress, CancellationToken cancellationToken)
    {
        if (addresses.IsBlocked(clientAddress))
        {
            return new TrackingResult(TrackingStatus.AddressLimited, null, Settings.FailureWindowMinutes);
        }

        var record = await reader.FindByReceiptAsync(receiptCode, cancellationToken);
        if (record is null)
        {
            addresses.Fail(clientAddress);
            return new TrackingResult(TrackingStatus.UnknownCode, null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var row = await Rows.AsNoTracking().FirstOrDefaultAsync(t => t.ContentItemId == record.ContentItemId, cancellationToken);
        if (row?.LockedUntilUtc is { } until && until > now)
        {
            return new TrackingResult(TrackingStatus.RequestLocked, record, Minutes(until - now));
        }

        if (row is null)
        {
            addresses.Fail(clientAddress);
            return new TrackingResult(TrackingStatus.NoSecret, record);
        }

        // Input that cannot be a secret cannot guess one either: told, not counted (a resident forgot to type it).
        if (TrackingSecretHasher.Normalize(secret) is null)
        {
            return new TrackingResult(TrackingStatus.MissingSecret, record);
        }

        if (hasher.Matches(secret, row.SecretHash))
        {
            return new TrackingResult(TrackingStatus.Opened, record);
        }

        return await FailAsync(record, clientAddress, cancellationToken);
    }

    /// <summary>
    /// Counts a failed proof for an opened request (a wrong phone tail on the follow-up) like a wrong secret: against the
    /// request and the address. Returns RequestLocked when this failure locked it, else WrongSecret.
    /// </summary>
    public async Task<TrackingResult> FailAsync(ServiceRequestRecord record, string clientAddress, CancellationToken cancellationToken)
    {
        addresses.Fail(clientAddress);
        var now = clock.GetUtcNow().UtcDateTime;
        DateTime? windowStart = now;
        var cutoff = now - Settings.FailureWindow;
        var id = record.ContentItemId;

        // One UPDATE each (no read-modify-write): concurrent failures from many addresses all count.
        await Rows.Where(t => t.ContentItemId == id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.FailedAttempts, t => t.FailureWindowStartUtc == null || t.FailureWindowStartUtc < cutoff ? 1 : t.FailedAttempts + 1)
            .SetProperty(t => t.FailureWindowStartUtc, t => t.FailureWindowStartUtc == null || t.FailureWindowStartUtc < cutoff ? windowStart : t.FailureWindowStartUtc),
            cancellationToken);
        var until = now + Settings.Lock;
        var max = Math.Max(1, Settings.MaxFailuresPerRequest);
        var locked = await Rows.Where(t => t.ContentItemId == id && t.FailedAttempts >= max).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.LockedUntilUtc, until)
            .SetProperty(t => t.FailedAttempts, 0)
            .SetProperty(t => t.FailureWindowStartUtc, (DateTime?)null),
            cancellationToken);
        if (locked == 0)
        {
            return new TrackingResult(TrackingStatus.WrongSecret, record);
        }

        await RecordAsync(record, "service.request.trackingLocked",
            $"回执码 {record.ReceiptCode} 查询密码错误次数过多，暂停查询 {Settings.LockMinutes} 分钟", cancellationToken);
        return new TrackingResult(TrackingStatus.RequestLocked, record, Minutes(until - now));
    }

    /// <summary>Whether the request has a tracking secret (requests registered before secrets existed have none).</summary>
    public Task<bool> HasSecretAsync(string contentItemId, CancellationToken cancellationToken)
        => Rows.AnyAsync(t => t.ContentItemId == contentItemId, cancellationToken);

    /// <summary>
    /// 重新打印回执: a new secret for the request (the old one stops working, a lock is lifted), audited without the secret.
    /// Returns the secret, in clear this once, for the receipt.
    /// </summary>
    public async Task<string> ReissueAsync(ServiceRequestRecord record, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (row, secret) = hasher.Issue(record.ContentItemId, now);
        var updated = await Rows.Where(t => t.ContentItemId == record.ContentItemId).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.SecretHash, row.SecretHash)
            .SetProperty(t => t.IssuedUtc, now)
            .SetProperty(t => t.FailedAttempts, 0)
            .SetProperty(t => t.FailureWindowStartUtc, (DateTime?)null)
            .SetProperty(t => t.LockedUntilUtc, (DateTime?)null),
            cancellationToken);
        if (updated == 0)
        {
            Rows.Add(row);
            await accessor.DbContext.SaveChangesAsync(cancellationToken);
            accessor.DbContext.Entry(row).State = EntityState.Detached;
        }

        await RecordAsync(record, "service.request.receiptReissued",
            $"重新打印回执 {record.ItemName}（{record.ReceiptCode}），原查询密码作废", cancellationToken);
        return secret;
    }

    private Task RecordAsync(ServiceRequestRecord record, string action, string summary, CancellationToken cancellationToken)
        => audit.RecordAsync(new AuditEvent
        {
            Category = ServiceRequestPipeline.AuditCategory,
            Action = action,
            Summary = summary,
            ContentItemId = record.ContentItemId,
            ContentType = ServiceRequestTypeMigrations.TypeName,
            OrgUnitCode = record.OrgUnitCode,
            Data = new JsonObject { ["receiptCode"] = record.ReceiptCode },
        }, cancellationToken);

    private static int Minutes(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalMinutes));
}
