namespace Grassroots.Modules;

/// <summary>Told after features are switched on or off (audit, default permissions, caches).</summary>
public interface IFeatureEventHandler
{
    Task EnabledAsync(IReadOnlyList<FeatureDescriptor> features, CancellationToken cancellationToken) => Task.CompletedTask;

    Task DisabledAsync(IReadOnlyList<FeatureDescriptor> features, CancellationToken cancellationToken) => Task.CompletedTask;
}
