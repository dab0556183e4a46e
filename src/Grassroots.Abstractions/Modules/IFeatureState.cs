namespace Grassroots.Modules;

/// <summary>The enabled feature set of the running site, read from memory and refreshed on every change.</summary>
public interface IFeatureState
{
    bool IsEnabled(string featureId);

    /// <summary>Whether the feature that owns <paramref name="type"/> (by <see cref="FeatureAttribute"/> or its module) is enabled.</summary>
    bool IsTypeEnabled(Type type);

    /// <summary>The feature id a type belongs to, or null when it belongs to no module.</summary>
    string? FeatureOf(Type type);

    IReadOnlySet<string> EnabledFeatureIds { get; }
}
