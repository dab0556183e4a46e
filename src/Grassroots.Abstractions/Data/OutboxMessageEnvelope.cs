using System.Text.Json.Nodes;

namespace Grassroots.Data;

/// <summary>An outbox message as its handlers see it.</summary>
/// <param name="Id">Unique id, the idempotency key of every handler.</param>
/// <param name="Type">The message type.</param>
/// <param name="Payload">The message's data.</param>
/// <param name="CreatedUtc">When the change it reports was committed (the transaction's time).</param>
/// <param name="Attempt">1 on the first dispatch, more on retries.</param>
public sealed record OutboxMessageEnvelope(string Id, string Type, JsonObject Payload, DateTime CreatedUtc, int Attempt);
