namespace Grassroots.Commands;

/// <summary>
/// A failed <see cref="CommandResult{T}"/> before it knows its value type: what <see cref="CommandResult"/>'s
/// shorthands return, converted implicitly to the command's own result type.
/// </summary>
public readonly record struct CommandFailure(CommandStatus Status, string? Message, IReadOnlyDictionary<string, string[]>? Errors);
