namespace Grassroots.Modules;

/// <summary>
/// Declares an assembly as a Grassroots module (the Orchard Core <c>Manifest.cs</c> idea).
/// The module's main feature has the same id as the module unless the manifest declares features explicitly.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class ModuleAttribute : Attribute
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string Category { get; set; } = "";
    public string Author { get; set; } = "Grassroots";
    public string Version { get; set; } = "1.0.0";
    /// <summary>Dependencies of the module's main feature when no <see cref="FeatureAttribute"/> declares it.</summary>
    public string[] Dependencies { get; set; } = [];
    /// <summary>Always on: cannot be disabled (core infrastructure).</summary>
    public bool IsAlwaysEnabled { get; set; }
}
