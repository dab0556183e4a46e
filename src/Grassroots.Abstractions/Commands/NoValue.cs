namespace Grassroots.Commands;

/// <summary>The value of a successful command that returns nothing (<c>CommandResult&lt;NoValue&gt;</c>).</summary>
public readonly record struct NoValue;
