namespace Grassroots.Commands;

/// <summary>
/// The titles an API gives the failures of its commands, where they differ from the defaults of
/// <see cref="CommandProblems"/> (already localized by the caller). A null title keeps the default.
/// </summary>
public sealed record CommandProblemTitles
{
    /// <summary>Title of a 404; default: the result's message, else 未找到.</summary>
    public string? NotFound { get; init; }

    /// <summary>Detail of a 403 (its title is the reason); default: none.</summary>
    public string? ForbiddenDetail { get; init; }

    /// <summary>Title of a 400 with messages by field; default: 提交的数据有误.</summary>
    public string? Invalid { get; init; }

    /// <summary>Title of a 400 without field messages nor a message; default: 操作失败.</summary>
    public string? Failed { get; init; }

    /// <summary>Title of a 409, the result's message becoming its detail; default: the message is the title.</summary>
    public string? Conflict { get; init; }
}
