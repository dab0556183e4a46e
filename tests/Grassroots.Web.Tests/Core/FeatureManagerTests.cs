using Grassroots.Modules;
using Grassroots.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Core;

public sealed class FeatureManagerTests
{
    private const string Contents = "Grassroots.Contents";
    private const string ContentTypes = "Grassroots.ContentTypes";

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Disabling_takes_dependents_along_and_enabling_takes_dependencies_along(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await using var scope = factory.Services.CreateAsyncScope();
        var features = scope.ServiceProvider.GetRequiredService<IFeatureManager>();
        var state = scope.ServiceProvider.GetRequiredService<IFeatureState>();
        Assert.True(state.IsEnabled(Contents));
        Assert.True(state.IsEnabled(ContentTypes));

        var disabled = await features.DisableAsync([Contents]);
        // Every dependent goes (ContentTypes, and Inspections which also needs Contents), dependents before Contents.
        Assert.Contains(ContentTypes, disabled.Select(f => f.Id));
        Assert.Equal(Contents, disabled[^1].Id);
        var enabled = await EnabledIdsAsync(features);
        Assert.DoesNotContain(Contents, enabled);
        Assert.DoesNotContain(ContentTypes, enabled);
        Assert.False(state.IsEnabled(Contents));
        Assert.False(state.IsEnabled(ContentTypes));

        var turnedOn = await features.EnableAsync([ContentTypes]);
        Assert.Equal([Contents, ContentTypes], turnedOn.Select(f => f.Id));
        enabled = await EnabledIdsAsync(features);
        Assert.Contains(Contents, enabled);
        Assert.Contains(ContentTypes, enabled);
        Assert.True(state.IsEnabled(Contents));
        Assert.True(state.IsEnabled(ContentTypes));

        // Enabling again changes nothing.
        Assert.Empty(await features.EnableAsync([ContentTypes]));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Always_enabled_features_cannot_be_disabled(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await using var scope = factory.Services.CreateAsyncScope();
        var features = scope.ServiceProvider.GetRequiredService<IFeatureManager>();
        var before = await EnabledIdsAsync(features);

        var ex = await Assert.ThrowsAsync<FeatureChangeException>(() => features.DisableAsync(["Grassroots.Core"]));
        Assert.Contains("Grassroots.Core", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<FeatureChangeException>(() => features.EnableAsync(["Grassroots.NoSuchFeature"]));

        Assert.Equal(before, await EnabledIdsAsync(features));
        Assert.Contains("Grassroots.Core", before);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task The_enabled_set_survives_a_restart(DatabaseKind kind)
    {
        var database = await TestDatabase.CreateAsync(kind);
        List<string> afterDisable;
        await using (var factory = new GrassrootsFactory(database, ownsDatabase: false))
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var features = scope.ServiceProvider.GetRequiredService<IFeatureManager>();
            await features.DisableAsync([Contents]);
            afterDisable = await EnabledIdsAsync(features);
        }

        Assert.DoesNotContain(Contents, afterDisable);
        await using (var factory = new GrassrootsFactory(database))
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var features = scope.ServiceProvider.GetRequiredService<IFeatureManager>();
            Assert.Equal(afterDisable, await EnabledIdsAsync(features));
            Assert.False(scope.ServiceProvider.GetRequiredService<IFeatureState>().IsEnabled(ContentTypes));
        }
    }

    private static async Task<List<string>> EnabledIdsAsync(IFeatureManager features)
        => (await features.GetEnabledFeaturesAsync()).Select(f => f.Id).Order(StringComparer.Ordinal).ToList();
}
