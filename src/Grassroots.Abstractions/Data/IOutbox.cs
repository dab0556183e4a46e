using System.Text.Json.Nodes;

namespace Grassroots.Data;

/// <summary>
/// The transactional outbox: a domain event that workflows, search or notifications react to is added to the same
/// database context (and so the same transaction) as the change it reports, and dispatched to its
/// <see cref="IOutboxHandler"/>s only after the commit, at once by <see cref="FlushAsync"/> and otherwise by the
/// background dispatch job, retried with back-off until handled. A process killed between the commit and the dispatch
/// loses nothing: the message is in the table.
/// </summary>
public interface IOutbox
{
    /// <summary>
    /// Adds a message to the scope's database context; it is saved by the caller's next SaveChanges, inside the caller's
    /// transaction. Returns the message id (the handlers' idempotency key).
    /// </summary>
    string Enqueue(string type, JsonObject payload);

    /// <summary>
    /// Dispatches the messages this scope enqueued, once they are committed: does nothing while a transaction is still
    /// open (its owner flushes after its commit) and leaves failures to the background job.
    /// </summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
