namespace Grassroots.Workflows.Expressions;

/// <summary>Sandbox limits of workflow JavaScript, bound to <c>Workflows:Scripts</c>.</summary>
public sealed class ScriptOptions
{
    /// <summary>Wall-clock time a script may run (default 1 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Bytes a script may allocate (default 4 MB).</summary>
    public long MemoryLimit { get; set; } = 4 * 1024 * 1024;

    /// <summary>Depth of nested function calls (default 64).</summary>
    public int RecursionLimit { get; set; } = 64;

    /// <summary>Statements a script may execute (default 100,000).</summary>
    public int MaxStatements { get; set; } = 100_000;
}
