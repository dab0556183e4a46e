using System.Text.Json.Nodes;
using Grassroots.Data;
using Grassroots.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grassroots.Outbox;

/// <summary>
/// Hands committed outbox messages to their <see cref="IOutboxHandler"/>s (those of enabled features), each message in a
/// scope of its own. A dispatcher first claims the message (a conditional update that pushes its next attempt
/// <see cref="ClaimDuration"/> ahead), so the fast path and the background job, on one node or several, do not handle one
/// message at once; then marks it handled, or on failure schedules the next attempt with back-off
/// (<see cref="Backoff"/>). A message stays until handled: a node dying after handling, before marking, means the message
/// is handled again, which is why handlers are idempotent.
/// </summary>
internal sealed partial class OutboxDispatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<OutboxDispatcher> logger)
{
    /// <summary>How long a claim keeps other dispatchers off a message.</summary>
    internal static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(5);

    private const int BatchSize = 100;

    /// <summary>The wait after failed attempt <paramref name="attempts"/>: 10 s doubling, at most one hour.</summary>
    internal static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(3600, 10 * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20))));

    /// <summary>Dispatches the given messages in order; returns how many were handled.</summary>
    public async Task<int> DispatchAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var handled = 0;
        foreach (var id in ids)
        {
            if (await DispatchOneAsync(id, cancellationToken))
            {
                handled++;
            }
        }

        return handled;
    }

    /// <summary>Dispatches every message due now, oldest first; returns how many were handled.</summary>
    public async Task<int> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        var handled = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            List<string> due;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var now = clock.GetUtcNow().UtcDateTime;
                due = await Messages(scope).AsNoTracking()
                    .Where(m => m.HandledUtc == null && m.NextAttemptUtc <= now)
                    .OrderBy(m => m.CreatedUtc).ThenBy(m => m.Id).Select(m => m.Id).Take(BatchSize).ToListAsync(cancellationToken);
            }

            due.RemoveAll(id => !seen.Add(id));
            if (due.Count == 0)
            {
                return handled;
            }

            handled += await DispatchAsync(due, cancellationToken);
        }
    }

    /// <summary>Deletes messages handled before <paramref name="beforeUtc"/>.</summary>
    public async Task<int> PurgeAsync(DateTime beforeUtc, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await Messages(scope).Where(m => m.HandledUtc != null && m.HandledUtc < beforeUtc).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<bool> DispatchOneAsync(string id, CancellationToken cancellationToken)
    {
        OutboxMessage? message;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var claimed = await Messages(scope).Where(m => m.Id == id && m.HandledUtc == null && m.NextAttemptUtc <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptUtc, now + ClaimDuration).SetProperty(m => m.Attempts, m => m.Attempts + 1),
                    cancellationToken);
            message = claimed == 0 ? null : await Messages(scope).AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        }

        if (message is null)
        {
            return false;   // handled or claimed elsewhere, or rolled back
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var envelope = new OutboxMessageEnvelope(message.Id, message.Type, JsonNode.Parse(message.Payload) as JsonObject ?? [],
                message.CreatedUtc, message.Attempts);
            foreach (var handler in scope.ServiceProvider.GetRequiredService<IEnabledServices<IOutboxHandler>>().All
                .Where(h => h.Handles(message.Type)))
            {
                await handler.HandleAsync(envelope, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var retry = clock.GetUtcNow().UtcDateTime + Backoff(message.Attempts);
            LogFailed(logger, message.Type, message.Id, message.Attempts, retry, ex);
            await MarkAsync(id, s => s.SetProperty(m => m.NextAttemptUtc, retry).SetProperty(m => m.LastError, Truncate(ex.Message)));
            return false;
        }

        var handledUtc = clock.GetUtcNow().UtcDateTime;
        await MarkAsync(id, s => s.SetProperty(m => m.HandledUtc, handledUtc).SetProperty(m => m.LastError, (string?)null));
        return true;
    }

    private async Task MarkAsync(string id, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<OutboxMessage>> set)
    {
        await using var scope = scopes.CreateAsyncScope();
        await Messages(scope).Where(m => m.Id == id).ExecuteUpdateAsync(set, CancellationToken.None);
    }

    private static string Truncate(string text) => text.Length > 2000 ? text[..2000] : text;

    private static DbSet<OutboxMessage> Messages(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<GrassrootsDbContext>().Set<OutboxMessage>();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {Type} {Id} failed on attempt {Attempt}; next attempt at {RetryUtc:u}.")]
    private static partial void LogFailed(ILogger logger, string type, string id, int attempt, DateTime retryUtc, Exception exception);
}
