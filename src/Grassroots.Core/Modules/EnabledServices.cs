using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Modules;

/// <summary>Filters the container's implementations of <typeparamref name="T"/> by the feature state.</summary>
internal sealed class EnabledServices<T>(IServiceProvider services, IFeatureState state) : IEnabledServices<T>
    where T : class
{
    public IEnumerable<T> All => services.GetServices<T>().Where(s => state.IsTypeEnabled(s.GetType()));
}
