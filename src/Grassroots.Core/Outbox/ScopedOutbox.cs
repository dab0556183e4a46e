using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Outbox;

/// <summary><see cref="IOutbox"/> of one scope: messages go into the scope's context; the scope remembers them for the flush.</summary>
internal sealed partial class ScopedOutbox(
    GrassrootsDbContext db,
    OutboxDispatcher dispatcher,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<ScopedOutbox> logger) : IOutbox
{
    private readonly List<string> enqueued = [];

    public string Enqueue(string type, JsonObject payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(payload);
        var now = clock.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            Id = IdGenerator.NewId(clock),
            Type = type,
            Payload = payload.ToJsonString(GrassrootsJson.Options),
            CreatedUtc = now,
            NextAttemptUtc = now,
        };
        db.Add(message);
        enqueued.Add(message.Id);
        return message.Id;
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        if (enqueued.Count == 0 || db.Database.CurrentTransaction is not null)
        {
            return;
        }

        var ids = enqueued.ToList();
        enqueued.Clear();
        if (!options.Value.ImmediateDispatch)
        {
            return;
        }

        try
        {
            await dispatcher.DispatchAsync(ids, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change is committed; the background job dispatches what is left.
            LogFlushFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: dispatch after commit failed; the background job retries.")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
