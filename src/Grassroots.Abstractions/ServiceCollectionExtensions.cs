using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Fields;
using Grassroots.Data;
using Grassroots.Navigation;
using Grassroots.Recipes;
using Grassroots.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Grassroots;

/// <summary>Registration of extension points, so a feature's Startup reads like a list.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddDataMigration<T>(this IServiceCollection services)
        where T : DataMigration
    {
        services.AddScoped<DataMigration, T>();
        return services;
    }

    public static IServiceCollection AddModelConfiguration<T>(this IServiceCollection services)
        where T : class, IModelConfiguration
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelConfiguration, T>());
        return services;
    }

    public static IServiceCollection AddIndexProvider<T>(this IServiceCollection services)
        where T : class, IIndexProvider
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IIndexProvider, T>());
        return services;
    }

    /// <summary>Registers a periodic job (a singleton) with the one cluster-locked job runner.</summary>
    public static IServiceCollection AddPeriodicJob<T>(this IServiceCollection services)
        where T : class, BackgroundTasks.IPeriodicJob
    {
        services.TryAddSingleton<T>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<BackgroundTasks.IPeriodicJob, T>(sp => sp.GetRequiredService<T>()));
        return services;
    }

    /// <summary>Registers a handler of outbox messages (scoped; one scope per message).</summary>
    public static IServiceCollection AddOutboxHandler<T>(this IServiceCollection services)
        where T : class, Data.IOutboxHandler
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<Data.IOutboxHandler, T>());
        return services;
    }

    public static IServiceCollection AddRecipeStep<T>(this IServiceCollection services)
        where T : class, IRecipeStepHandler
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IRecipeStepHandler, T>());
        return services;
    }

    public static IServiceCollection AddNavigationProvider<T>(this IServiceCollection services)
        where T : class, INavigationProvider
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<INavigationProvider, T>());
        return services;
    }

    public static IServiceCollection AddPermissionProvider<T>(this IServiceCollection services)
        where T : class, IPermissionProvider
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPermissionProvider, T>());
        return services;
    }

    public static IServiceCollection AddContentField<T>(this IServiceCollection services)
        where T : class, IContentFieldKind
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IContentFieldKind, T>());
        return services;
    }
}
