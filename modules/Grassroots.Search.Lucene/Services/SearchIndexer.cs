using Grassroots.ContentManagement;
using Grassroots.Data;
using Grassroots.Search.Lucene.Models;
using Lucene.Net.Index;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Grassroots.Search.Lucene.Services;

/// <summary>Applies indexing tasks to this node's indexes, rebuilds and resets them.</summary>
public interface ISearchIndexer
{
    /// <summary>Applies every task past the index's cursor (in batches); returns the number of tasks applied.</summary>
    Task<int> CatchUpAsync(string index, CancellationToken cancellationToken = default);

    /// <summary>Drops the index and re-indexes it from the database, reporting (done, total).</summary>
    Task RebuildAsync(string index, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Sets the cursor to 0: every task is applied again.</summary>
    Task ResetAsync(string index, CancellationToken cancellationToken = default);
}

/// <summary>Writes <see cref="IndexingTask"/> rows: one per saved version, in the content manager's transaction.</summary>
internal sealed class IndexingTaskProvider(TimeProvider clock) : IndexProvider<IndexingTask>
{
    public override IEnumerable<IndexingTask> Map(ContentItem item, IReadOnlyList<ContentManagement.Metadata.ContentPartLayout> layout)
    {
        yield return new IndexingTask { ContentItemId = item.ContentItemId, CreatedUtc = clock.GetUtcNow().UtcDateTime };
    }
}

/// <summary>Wakes the background indexer right after a local save (the row is committed when handlers run).</summary>
public sealed class IndexingSignal : IDisposable
{
    public void Dispose() => _signal.Dispose();

    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

internal sealed class WakeIndexerHandler(IndexingSignal signal) : IContentEventHandler
{
    public Task CreatedAsync(ContentItem item, CancellationToken cancellationToken) => Wake();

    public Task UpdatedAsync(ContentItem item, ContentItem? previous, CancellationToken cancellationToken) => Wake();

    public Task PublishedAsync(ContentItem item, CancellationToken cancellationToken) => Wake();

    public Task UnpublishedAsync(ContentItem item, CancellationToken cancellationToken) => Wake();

    public Task RemovedAsync(ContentItem item, CancellationToken cancellationToken) => Wake();

    public Task RestoredAsync(ContentItem item, CancellationToken cancellationToken) => Wake();

    private Task Wake()
    {
        signal.Wake();
        return Task.CompletedTask;
    }
}

internal sealed class SearchIndexer(
    IDbContextAccessor db,
    IContentManager contents,
    LuceneIndexManager manager,
    SearchDocumentBuilder builder,
    TimeProvider clock,
    ILogger<SearchIndexer> logger) : ISearchIndexer
{
    private const int BatchSize = 500;
    private static readonly TimeSpan Lookback = TimeSpan.FromSeconds(10);

    private DbContext Db => db.DbContext;

    private async Task<SearchIndexRecord> DefinitionAsync(string index, CancellationToken cancellationToken)
        => await Db.Set<SearchIndexRecord>().AsNoTracking().FirstOrDefaultAsync(x => x.Name == index, cancellationToken)
            ?? throw new InvalidOperationException($"没有名为 {index} 的检索索引。");

    public async Task<int> CatchUpAsync(string index, CancellationToken cancellationToken = default)
    {
        var definition = await DefinitionAsync(index, cancellationToken);
        var lucene = manager.Open(definition);
        if (lucene.NeedsRebuild)
        {
            await RebuildAsync(index, null, cancellationToken);
        }

        await lucene.Gate.WaitAsync(cancellationToken);
        try
        {
            var applied = 0;
            while (true)
            {
                var cursor = lucene.Cursor;
                var since = clock.GetUtcNow().UtcDateTime - Lookback;
                // Ids are allocated before commit: a transaction that commits late can land below the cursor, so rows
                // of the last seconds are looked at again (each once).
                var tasks = await Db.Set<IndexingTask>().AsNoTracking()
                    .Where(t => t.Id > cursor || t.CreatedUtc >= since)
                    .OrderBy(t => t.Id).Take(BatchSize)
                    .Select(t => new { t.Id, t.ContentItemId, t.CreatedUtc }).ToListAsync(cancellationToken);
                tasks = tasks.Where(t => t.Id > cursor || !lucene.RecentTasks.ContainsKey(t.Id)).ToList();
                if (tasks.Count == 0)
                {
                    break;
                }

                await ApplyAsync(definition, lucene, tasks.Select(t => t.ContentItemId).Distinct().ToList(), cancellationToken);
                foreach (var t in tasks)
                {
                    lucene.RecentTasks[t.Id] = t.CreatedUtc;
                }

                foreach (var old in lucene.RecentTasks.Where(p => p.Value < since).Select(p => p.Key).ToList())
                {
                    lucene.RecentTasks.Remove(old);
                }

                lucene.SetCursor(Math.Max(cursor, tasks.Max(t => t.Id)));
                lucene.LastAppliedUtc = clock.GetUtcNow().UtcDateTime;
                applied += tasks.Count;
                if (tasks.Count < BatchSize)
                {
                    break;
                }
            }

            return applied;
        }
        finally
        {
            lucene.Gate.Release();
        }
    }

    private async Task ApplyAsync(SearchIndexRecord definition, LuceneIndex lucene, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var query = Db.Set<ContentItemRecord>().AsNoTracking().Where(r => ids.Contains(r.ContentItemId) && !r.Deleted);
        query = definition.Versions == SearchVersions.Latest ? query.Where(r => r.Latest) : query.Where(r => r.Published);
        var records = (await query.ToListAsync(cancellationToken)).ToDictionary(r => r.ContentItemId, StringComparer.Ordinal);
        var types = definition.TypeList;
        foreach (var id in ids)
        {
            var term = new Term(SearchFields.Id, id);
            if (records.TryGetValue(id, out var record) && (types.Count == 0 || types.Contains(record.ContentType)))
            {
                lucene.Writer.UpdateDocument(term, await builder.BuildAsync(record, contents.Load(record), cancellationToken));
            }
            else
            {
                lucene.Writer.DeleteDocuments(term);
            }
        }

        lucene.Writer.Commit();
        lucene.Searchers.MaybeRefreshBlocking();
    }

    public async Task RebuildAsync(string index, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        var definition = await DefinitionAsync(index, cancellationToken);
        var lucene = manager.Open(definition);
        await lucene.Gate.WaitAsync(cancellationToken);
        try
        {
            var maxTask = await Db.Set<IndexingTask>().MaxAsync(t => (long?)t.Id, cancellationToken) ?? 0;
            var query = Db.Set<ContentItemRecord>().AsNoTracking().Where(r => !r.Deleted);
            query = definition.Versions == SearchVersions.Latest ? query.Where(r => r.Latest) : query.Where(r => r.Published);
            var types = definition.TypeList.ToList();
            if (types.Count > 0)
            {
                query = query.Where(r => types.Contains(r.ContentType));
            }

            var total = await query.CountAsync(cancellationToken);
            lucene.Progress = new RebuildProgress(true, 0, total, null, null);
            progress?.Report((0, total));
            logger.LogInformation("Rebuilding search index {Index}: {Total} documents", index, total);
            lucene.Writer.DeleteAll();
            var done = 0;
            long lastId = 0;
            while (true)
            {
                var after = lastId;
                var batch = await query.Where(r => r.Id > after).OrderBy(r => r.Id).Take(BatchSize).ToListAsync(cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }

                foreach (var record in batch)
                {
                    lucene.Writer.UpdateDocument(new Term(SearchFields.Id, record.ContentItemId), await builder.BuildAsync(record, contents.Load(record), cancellationToken));
                }

                lastId = batch[^1].Id;
                done += batch.Count;
                lucene.Progress = new RebuildProgress(true, done, total, null, null);
                progress?.Report((done, total));
            }

            lucene.Writer.Commit();
            lucene.Searchers.MaybeRefreshBlocking();
            lucene.SetCursor(maxTask);
            lucene.NeedsRebuild = false;
            lucene.LastAppliedUtc = clock.GetUtcNow().UtcDateTime;
            lucene.Progress = new RebuildProgress(false, done, total, null, lucene.LastAppliedUtc);
        }
        catch (Exception ex)
        {
            lucene.Progress = lucene.Progress with { Running = false, Error = ex.Message };
            throw;
        }
        finally
        {
            lucene.Gate.Release();
        }
    }

    public async Task ResetAsync(string index, CancellationToken cancellationToken = default)
    {
        var lucene = manager.Open(await DefinitionAsync(index, cancellationToken));
        await lucene.Gate.WaitAsync(cancellationToken);
        try
        {
            lucene.SetCursor(0);
        }
        finally
        {
            lucene.Gate.Release();
        }
    }
}
