using Grassroots.Modules;
using Grassroots.Search.Lucene.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Grassroots.Search.Lucene.Services;

/// <summary>
/// Applies indexing tasks to every index of this node every second, at once after a local save, and rebuilds a
/// missing or corrupt index (found when it is opened at start-up). Dashboard rebuilds run here too.
/// </summary>
public sealed class IndexingBackgroundService(
    IServiceScopeFactory scopes,
    IndexingSignal signal,
    LuceneIndexManager manager,
    ILogger<IndexingBackgroundService> logger) : BackgroundService
{
    public const string FeatureId = "Grassroots.Search.Lucene";

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Starts a rebuild in the background (progress in <see cref="LuceneIndex.Progress"/>); false when one runs.</summary>
    public bool StartRebuild(SearchIndexRecord definition)
    {
        var index = manager.Open(definition);
        if (index.Progress.Running)
        {
            return false;
        }

        index.Progress = new RebuildProgress(true, 0, 0, null, null);
        _ = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ISearchIndexer>().RebuildAsync(definition.Name);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Rebuilding search index {Index} failed", definition.Name);
            }
        });
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (scope.ServiceProvider.GetRequiredService<IFeatureState>().IsEnabled(FeatureId))
                {
                    var db = scope.ServiceProvider.GetRequiredService<Data.IDbContextAccessor>().DbContext;
                    var indexer = scope.ServiceProvider.GetRequiredService<ISearchIndexer>();
                    foreach (var definition in await db.Set<SearchIndexRecord>().AsNoTracking().ToListAsync(stoppingToken))
                    {
                        var index = manager.Open(definition);
                        if (index.Progress.Running)
                        {
                            continue;
                        }

                        if (index.NeedsRebuild)
                        {
                            logger.LogInformation("Search index {Index} is missing or was corrupt: rebuilding", definition.Name);
                            await indexer.RebuildAsync(definition.Name, new Progress<(int Done, int Total)>(p =>
                                logger.LogInformation("Rebuilding {Index}: {Done}/{Total}", definition.Name, p.Done, p.Total)), stoppingToken);
                        }

                        await indexer.CatchUpAsync(definition.Name, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may not be set up yet: try again next round.
                logger.LogDebug(ex, "Search indexing round failed");
            }

            try
            {
                await signal.WaitAsync(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
