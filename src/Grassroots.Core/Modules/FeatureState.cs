using System.Collections.Frozen;

namespace Grassroots.Modules;

/// <summary>The enabled set in memory; replaced as a whole whenever the feature manager changes it.</summary>
internal sealed class FeatureState(ModuleCatalog catalog) : IFeatureState
{
    private volatile FrozenSet<string> _enabled = FrozenSet<string>.Empty;

    public IReadOnlySet<string> EnabledFeatureIds => _enabled;

    public bool IsEnabled(string featureId) => _enabled.Contains(featureId);

    public bool IsTypeEnabled(Type type)
    {
        var feature = catalog.FeatureOf(type);
        return feature is null || _enabled.Contains(feature);
    }

    public string? FeatureOf(Type type) => catalog.FeatureOf(type);

    public void Set(IEnumerable<string> enabled)
        => _enabled = enabled.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
}
