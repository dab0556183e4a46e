using Grassroots.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Grassroots;

/// <summary>Registration of workflow activities, so a feature's Startup reads like a list.</summary>
public static class WorkflowServiceCollectionExtensions
{
    /// <summary>Registers a workflow activity.</summary>
    public static IServiceCollection AddActivity<T>(this IServiceCollection services)
        where T : class, IActivity
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IActivity, T>());
        return services;
    }
}
