using Grassroots.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Grassroots.Security;

/// <summary>
/// <see cref="ILoginThrottle"/> on the <c>LoginFailures</c> table, so every node of a cluster counts the same failures.
/// </summary>
internal sealed class LoginThrottle(GrassrootsDbContext db, IOptions<LoginThrottleOptions> options, TimeProvider clock) : ILoginThrottle
{
    private LoginThrottleOptions Options => options.Value;

    public async Task<LoginThrottleState> CheckAsync(GrassrootsUser user, HttpContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - Options.LockoutDuration;
        var key = ClientAddress.PartitionKey(context);
        var rows = await db.Set<LoginFailureRecord>().AsNoTracking()
            .Where(r => r.UserId == user.Id && (r.LastFailureUtc > since || r.LockedUntilUtc > now))
            .Select(r => new { r.ClientKey, r.Failures, r.FirstFailureUtc, r.LockedUntilUtc })
            .ToListAsync(cancellationToken);
        var here = rows.FirstOrDefault(r => r.ClientKey == key);
        if (here?.LockedUntilUtc > now)
        {
            return new LoginThrottleState(true, here.LockedUntilUtc, TimeSpan.Zero);
        }

        // Account-wide slow-down: one more second per failure past the threshold, up to the cap.
        var recent = rows.Where(r => r.FirstFailureUtc > since || r.LockedUntilUtc > now).Sum(r => r.Failures + (r.LockedUntilUtc > now ? Options.MaxFailedAttempts : 0));
        var excess = recent - Options.SlowdownAfter;
        var delay = excess < 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(Options.MaxDelay.TotalSeconds, excess + 1));
        return new LoginThrottleState(false, null, delay);
    }

    public async Task<bool> RecordFailureAsync(GrassrootsUser user, HttpContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var key = ClientAddress.PartitionKey(context);
        var set = db.Set<LoginFailureRecord>();
        var row = await set.FirstOrDefaultAsync(r => r.UserId == user.Id && r.ClientKey == key, cancellationToken);
        if (row is null)
        {
            row = new LoginFailureRecord { UserId = user.Id, ClientKey = key, FirstFailureUtc = now };
            set.Add(row);
        }
        else if (row.FirstFailureUtc <= now - Options.LockoutDuration && !(row.LockedUntilUtc > now))
        {
            // The window has passed: count afresh.
            row.Failures = 0;
            row.FirstFailureUtc = now;
            row.LockedUntilUtc = null;
        }

        row.Failures++;
        row.LastFailureUtc = now;
        var locked = false;
        if (row.Failures >= Math.Max(1, Options.MaxFailedAttempts))
        {
            row.LockedUntilUtc = now + Options.LockoutDuration;
            row.Failures = 0;
            row.FirstFailureUtc = now;
            locked = true;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node inserted the same user and address at the same moment: count on its row.
            db.Entry(row).State = EntityState.Detached;
            await set.Where(r => r.UserId == user.Id && r.ClientKey == key)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Failures, r => r.Failures + 1).SetProperty(r => r.LastFailureUtc, now), cancellationToken);
            return false;
        }
        finally
        {
            db.Entry(row).State = EntityState.Detached;
        }

        return locked;
    }

    public async Task RecordSuccessAsync(GrassrootsUser user, HttpContext context, CancellationToken cancellationToken = default)
    {
        var key = ClientAddress.PartitionKey(context);
        await db.Set<LoginFailureRecord>().Where(r => r.UserId == user.Id && r.ClientKey == key).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task ResetAsync(string userId, CancellationToken cancellationToken = default)
        => await db.Set<LoginFailureRecord>().Where(r => r.UserId == userId).ExecuteDeleteAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<string, DateTime>> LockedUntilAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.Set<LoginFailureRecord>().AsNoTracking()
            .Where(r => userIds.Contains(r.UserId) && r.LockedUntilUtc > now)
            .Select(r => new { r.UserId, r.LockedUntilUtc })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Max(r => r.LockedUntilUtc!.Value));
    }
}
