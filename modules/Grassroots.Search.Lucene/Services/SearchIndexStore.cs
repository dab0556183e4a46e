using Grassroots.Data;
using Grassroots.Search.Lucene.Models;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Search.Lucene.Services;

/// <summary>Reads and writes index definitions (validated; used by the dashboard and the recipe step).</summary>
public sealed class SearchIndexStore(IDbContextAccessor db, LuceneIndexManager manager, TimeProvider clock)
{
    private DbContext Db => db.DbContext;

    public Task<List<SearchIndexRecord>> ListAsync(CancellationToken cancellationToken = default)
        => Db.Set<SearchIndexRecord>().AsNoTracking().OrderBy(x => x.Name).ToListAsync(cancellationToken);

    public Task<SearchIndexRecord?> GetAsync(string name, CancellationToken cancellationToken = default)
        => Db.Set<SearchIndexRecord>().AsNoTracking().FirstOrDefaultAsync(x => x.Name == name, cancellationToken);

    /// <summary>Validation errors by property (Chinese messages naming the field); empty when valid.</summary>
    public static Dictionary<string, string> Validate(SearchIndexRecord index)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(index.Name) || !System.Text.RegularExpressions.Regex.IsMatch(index.Name, "^[a-z0-9][a-z0-9_-]{0,63}$"))
        {
            errors[nameof(index.Name)] = "名称只能由小写字母、数字、- 和 _ 组成（1-64 个字符）。";
        }

        if (index.Analyzer is not (SearchAnalyzers.SmartCn or SearchAnalyzers.Standard))
        {
            errors[nameof(index.Analyzer)] = "分词器只能是 smartcn 或 standard。";
        }

        if (index.Versions is not (SearchVersions.Published or SearchVersions.Latest))
        {
            errors[nameof(index.Versions)] = "版本只能是 published（已发布）或 latest（最新）。";
        }

        return errors;
    }

    /// <summary>Creates or updates by name. A changed analyzer, type list or version choice needs a rebuild (flagged).</summary>
    public async Task<SearchIndexRecord> SaveAsync(SearchIndexRecord index, CancellationToken cancellationToken = default)
    {
        var existing = await Db.Set<SearchIndexRecord>().FirstOrDefaultAsync(x => x.Name == index.Name, cancellationToken);
        var changed = existing is null;
        if (existing is null)
        {
            existing = new SearchIndexRecord { Name = index.Name, CreatedUtc = clock.GetUtcNow().UtcDateTime };
            Db.Add(existing);
        }
        else
        {
            changed = existing.Analyzer != index.Analyzer || existing.ContentTypes != index.ContentTypes || existing.Versions != index.Versions;
        }

        existing.Analyzer = index.Analyzer;
        existing.ContentTypes = string.Join(",", index.TypeList);
        existing.Versions = index.Versions;
        await Db.SaveChangesAsync(cancellationToken);
        if (changed && manager.TryGet(existing.Name) is { } open)
        {
            open.NeedsRebuild = true;
        }

        return existing;
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var deleted = await Db.Set<SearchIndexRecord>().Where(x => x.Name == name).ExecuteDeleteAsync(cancellationToken) > 0;
        if (deleted)
        {
            manager.Drop(name);
        }

        return deleted;
    }
}
