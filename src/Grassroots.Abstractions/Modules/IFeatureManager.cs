namespace Grassroots.Modules;

/// <summary>Lists features and switches them on and off; the enabled set lives in the database.</summary>
public interface IFeatureManager
{
    /// <summary>All features of all loaded modules, dependencies first.</summary>
    IReadOnlyList<FeatureDescriptor> AvailableFeatures { get; }

    FeatureDescriptor? GetFeature(string id);

    Task<IReadOnlyList<FeatureDescriptor>> GetEnabledFeaturesAsync(CancellationToken cancellationToken = default);

    /// <summary>Enables the features and every dependency; returns the features that were switched on.</summary>
    Task<IReadOnlyList<FeatureDescriptor>> EnableAsync(IEnumerable<string> featureIds, CancellationToken cancellationToken = default);

    /// <summary>Disables the features and every feature that depends on them; returns the features that were switched off.</summary>
    Task<IReadOnlyList<FeatureDescriptor>> DisableAsync(IEnumerable<string> featureIds, CancellationToken cancellationToken = default);

    /// <summary>The features that would be switched on with <paramref name="featureId"/>.</summary>
    IReadOnlyList<FeatureDescriptor> GetDependenciesOf(string featureId);

    /// <summary>The features that would be switched off with <paramref name="featureId"/>.</summary>
    IReadOnlyList<FeatureDescriptor> GetDependentsOf(string featureId);
}
