namespace Grassroots.Commands;

/// <summary>
/// The outcome of a command (a change asked for by a screen, the API, a recipe or a workflow): success with a value, or
/// not found, forbidden, invalid (messages by field) or a conflict. Every module's commands answer with it, and
/// <see cref="CommandProblems"/> turns it into the RFC 7807 answer of the API in one place. Extra data of a success
/// (a generated password, a tracking secret) travels in the value.
/// </summary>
/// <typeparam name="T">The value of a success; <see cref="NoValue"/> for a command that returns nothing.</typeparam>
public sealed record CommandResult<T>
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    internal CommandResult(CommandStatus status, T? value, string? message, IReadOnlyDictionary<string, string[]>? errors)
    {
        Status = status;
        Value = value;
        Message = message;
        Errors = errors ?? NoErrors;
    }

    public CommandStatus Status { get; }

    /// <summary>The value of a success (for a conflict, optionally the current state of the thing).</summary>
    public T? Value { get; }

    /// <summary>
    /// Why it failed, in the user's language: the reason of a refusal, the conflict, or an error of the whole command;
    /// null on success and where the field messages say it all.
    /// </summary>
    public string? Message { get; }

    /// <summary>Messages by field (a form input's or a JSON property's name, or a content field path); empty unless invalid.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public bool Succeeded => Status == CommandStatus.Succeeded;

    /// <summary>The first message for <paramref name="field"/>, or null.</summary>
    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) && messages.Length > 0 ? messages[0] : null;

    /// <summary>The same failure for a command with another value type (a failure carries no value).</summary>
    public CommandResult<TOther> Cast<TOther>()
    {
        if (Succeeded)
        {
            throw new InvalidOperationException("A success has a value of its own type; only a failure can be passed on.");
        }

        return new CommandResult<TOther>(Status, default, Message, Errors);
    }

    /// <summary>A failure built by <see cref="CommandResult"/> becomes the result of any command.</summary>
    public static implicit operator CommandResult<T>(CommandFailure failure) => new(failure.Status, default, failure.Message, failure.Errors);
}
