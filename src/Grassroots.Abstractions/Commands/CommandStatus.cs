namespace Grassroots.Commands;

/// <summary>How a command ended (see <see cref="CommandResult{T}"/>).</summary>
public enum CommandStatus
{
    /// <summary>Done; the result carries the value.</summary>
    Succeeded,

    /// <summary>The thing to change does not exist, or lies outside the caller's jurisdiction (API: 404).</summary>
    NotFound,

    /// <summary>The caller may not do this to this thing; the message says why (API: 403).</summary>
    Forbidden,

    /// <summary>The input is wrong: messages by field, or one message for the whole command (API: 400).</summary>
    Invalid,

    /// <summary>Someone else changed the thing since the caller read it (API: 409).</summary>
    Conflict,
}
