namespace Grassroots.Data;

/// <summary>
/// Reacts to outbox messages of the types it <see cref="Handles"/>, after their commit. A message may be handled more than once (a
/// node dies after handling, before marking it handled): a handler must be idempotent, keyed by
/// <see cref="OutboxMessageEnvelope.Id"/>. Throwing leaves the message for a later attempt.
/// </summary>
public interface IOutboxHandler
{
    /// <summary>Whether it handles messages of <paramref name="messageType"/>, e.g. <c>workflow.event</c>.</summary>
    bool Handles(string messageType);

    Task HandleAsync(OutboxMessageEnvelope message, CancellationToken cancellationToken);
}
