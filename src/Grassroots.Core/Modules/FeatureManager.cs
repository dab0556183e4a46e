using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Modules;

/// <summary>Stores the enabled set, runs the migrations of newly enabled features and refreshes the running site.</summary>
internal sealed class FeatureManager(
    ModuleCatalog catalog,
    FeatureState state,
    GrassrootsDbContext db,
    DataMigrationRunner migrations,
    IEnumerable<IFeatureEventHandler> handlers,
    TimeProvider clock) : IFeatureManager
{
    public IReadOnlyList<FeatureDescriptor> AvailableFeatures => catalog.Features;

    public FeatureDescriptor? GetFeature(string id) => catalog.Get(id);

    public async Task<IReadOnlyList<FeatureDescriptor>> GetEnabledFeaturesAsync(CancellationToken cancellationToken = default)
    {
        var enabled = await LoadEnabledAsync(cancellationToken);
        return catalog.Features.Where(f => enabled.Contains(f.Id)).ToList();
    }

    public IReadOnlyList<FeatureDescriptor> GetDependenciesOf(string featureId) => catalog.WithDependencies(Require(featureId).Id);

    public IReadOnlyList<FeatureDescriptor> GetDependentsOf(string featureId) => catalog.WithDependents(Require(featureId).Id);

    public async Task<IReadOnlyList<FeatureDescriptor>> EnableAsync(IEnumerable<string> featureIds, CancellationToken cancellationToken = default)
    {
        var enabled = await LoadEnabledAsync(cancellationToken);
        var toEnable = featureIds.SelectMany(id => catalog.WithDependencies(Require(id).Id))
            .Where(f => !enabled.Contains(f.Id))
            .DistinctBy(f => f.Id)
            .OrderBy(f => f.Priority)
            .ToList();
        if (toEnable.Count == 0)
        {
            return [];
        }

        await migrations.RunAsync(toEnable.Select(f => f.Id), cancellationToken);
        await SaveAsync(toEnable, true, cancellationToken);
        enabled.UnionWith(toEnable.Select(f => f.Id));
        state.Set(enabled);
        foreach (var handler in handlers)
        {
            await handler.EnabledAsync(toEnable, cancellationToken);
        }

        return toEnable;
    }

    public async Task<IReadOnlyList<FeatureDescriptor>> DisableAsync(IEnumerable<string> featureIds, CancellationToken cancellationToken = default)
    {
        var enabled = await LoadEnabledAsync(cancellationToken);
        var toDisable = featureIds.SelectMany(id => catalog.WithDependents(Require(id).Id))
            .Where(f => enabled.Contains(f.Id))
            .DistinctBy(f => f.Id)
            .OrderByDescending(f => f.Priority)
            .ToList();
        var locked = toDisable.Where(f => f.IsAlwaysEnabled).ToList();
        if (locked.Count > 0)
        {
            throw new FeatureChangeException(
                $"以下功能始终启用，不能停用：{string.Join("、", locked.Select(f => $"{f.Name}（{f.Id}）"))}。");
        }

        if (toDisable.Count == 0)
        {
            return [];
        }

        await SaveAsync(toDisable, false, cancellationToken);
        enabled.ExceptWith(toDisable.Select(f => f.Id));
        state.Set(enabled);
        foreach (var handler in handlers)
        {
            await handler.DisabledAsync(toDisable, cancellationToken);
        }

        return toDisable;
    }

    /// <summary>Reads the stored set (always-enabled features included) and refreshes the in-memory state.</summary>
    public async Task<HashSet<string>> LoadEnabledAsync(CancellationToken cancellationToken)
    {
        var stored = await db.Features.AsNoTracking().Where(f => f.Enabled).Select(f => f.Id).ToListAsync(cancellationToken);
        var enabled = new HashSet<string>(stored.Where(id => catalog.Get(id) is not null), StringComparer.OrdinalIgnoreCase);
        enabled.UnionWith(catalog.Features.Where(f => f.IsAlwaysEnabled).Select(f => f.Id));
        state.Set(enabled);
        return enabled;
    }

    private async Task SaveAsync(IEnumerable<FeatureDescriptor> features, bool enabled, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var feature in features)
        {
            var row = await db.Features.FirstOrDefaultAsync(f => f.Id == feature.Id, cancellationToken);
            if (row is null)
            {
                db.Features.Add(new FeatureRecord { Id = feature.Id, Enabled = enabled, ModifiedUtc = now });
            }
            else
            {
                row.Enabled = enabled;
                row.ModifiedUtc = now;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private FeatureDescriptor Require(string id)
        => catalog.Get(id) ?? throw new FeatureChangeException($"功能 '{id}' 不存在。");
}
