namespace Grassroots.Commands;

/// <summary>Shorthands that build a <see cref="CommandResult{T}"/>.</summary>
public static class CommandResult
{
    /// <summary>Success of a command that returns nothing.</summary>
    public static CommandResult<NoValue> Success() => new(CommandStatus.Succeeded, default, null, null);

    public static CommandResult<T> Success<T>(T value) => new(CommandStatus.Succeeded, value, null, null);

    /// <summary>Not found (or outside the caller's jurisdiction); <paramref name="message"/> names what is missing.</summary>
    public static CommandFailure NotFound(string? message = null) => new(CommandStatus.NotFound, message, null);

    /// <summary>Refused: <paramref name="reason"/> says why the caller may not do this.</summary>
    public static CommandFailure Forbidden(string? reason = null) => new(CommandStatus.Forbidden, reason, null);

    /// <summary>Invalid input: messages by field, and optionally a message for the whole command.</summary>
    public static CommandFailure Invalid(IReadOnlyDictionary<string, string[]> errors, string? message = null)
        => new(CommandStatus.Invalid, message, errors);

    /// <summary>Invalid input: one message by field.</summary>
    public static CommandFailure Invalid(IReadOnlyDictionary<string, string> errors, string? message = null)
        => new(CommandStatus.Invalid, message, errors.ToDictionary(e => e.Key, e => new[] { e.Value }));

    /// <summary>Invalid input: one message for one field.</summary>
    public static CommandFailure Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The command cannot be done as asked (wrong stage, nothing to act on…): one message, no field.</summary>
    public static CommandFailure Invalid(string message) => new(CommandStatus.Invalid, message, null);

    /// <summary>Someone else changed the thing since the caller read it.</summary>
    public static CommandFailure Conflict(string message) => new(CommandStatus.Conflict, message, null);

    /// <summary>A conflict that also hands back the current state of the thing.</summary>
    public static CommandResult<T> Conflict<T>(string message, T current) => new(CommandStatus.Conflict, current, message, null);
}
