namespace Grassroots.Modules;

/// <summary>
/// On an assembly: declares a feature of the module (id, name, dependencies).
/// On a class (a <see cref="StartupBase"/>, a controller, a service): says which feature the class belongs to;
/// classes without it belong to the module's main feature.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class, AllowMultiple = true)]
public sealed class FeatureAttribute : Attribute
{
    public FeatureAttribute()
    {
    }

    public FeatureAttribute(string id) => Id = id;

    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string Category { get; set; } = "";
    public string[] Dependencies { get; set; } = [];
    public bool IsAlwaysEnabled { get; set; }
    /// <summary>Enabled by the setup recipe only when listed; otherwise off until an administrator enables it.</summary>
    public bool DefaultEnabled { get; set; }
}
