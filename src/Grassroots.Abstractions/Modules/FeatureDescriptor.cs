using System.Reflection;

namespace Grassroots.Modules;

/// <summary>A feature as found in a module manifest.</summary>
public sealed class FeatureDescriptor
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public string Category { get; init; } = "";
    public required string ModuleId { get; init; }
    public required Assembly Assembly { get; init; }
    public IReadOnlyList<string> Dependencies { get; init; } = [];
    public bool IsAlwaysEnabled { get; init; }
    public bool DefaultEnabled { get; init; }
    /// <summary>Position in dependency order (dependencies first).</summary>
    public int Priority { get; set; }
}
