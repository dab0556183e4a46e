using Grassroots.ContentManagement;
using Grassroots.Hosting;
using Grassroots.Navigation;
using Grassroots.Search.Lucene.Models;
using Grassroots.Search.Lucene.Services;
using Grassroots.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Grassroots.Search.Lucene;

/// <summary>Lucene.Net full-text search: index definitions, indexing tasks, node-local indexes, the search service.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddModelConfiguration<SearchModel>();
        services.AddDataMigration<SearchMigrations>();
        services.AddIndexProvider<IndexingTaskProvider>();
        services.AddRecipeStep<LuceneIndexStep>();
        services.AddPermissionProvider<SearchPermissions>();
        services.AddNavigationProvider<SearchAdminMenu>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LuceneIndexManager>();
        services.AddSingleton<IndexingSignal>();
        services.AddSingleton<IndexingBackgroundService>();
        services.AddHostedService(sp => sp.GetRequiredService<IndexingBackgroundService>());
        services.AddScoped<IContentEventHandler, WakeIndexerHandler>();
        services.AddScoped<IdNumberHasher>();
        services.AddScoped<SearchDocumentBuilder>();
        services.AddScoped<SearchIndexStore>();
        services.AddScoped<ISearchIndexer, SearchIndexer>();
        services.AddScoped<ISearchService, LuceneSearchService>();
        services.AddSingleton<IElasticQueryTranslator, QueryTranslation.ElasticQueryTranslator>();
        services.AddNavigationProvider<SearchPageMenu>();
        services.AddSingleton<ICommandLineVerb, SearchCommandLineVerb>();
    }
}

/// <summary>管理检索索引.</summary>
public sealed class SearchPermissions : IPermissionProvider
{
    public static readonly Permission ManageSearchIndexes = new("ManageSearchIndexes", "管理检索索引", "检索");

    public IEnumerable<Permission> GetPermissions() => [ManageSearchIndexes];
}

/// <summary>系统 → 检索索引.</summary>
internal sealed class SearchAdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.AddPlatformSetting("检索索引", "/admin/search/indexes", position: 60, permission: SearchPermissions.ManageSearchIndexes, icon: "bi-search");
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary><c>search rebuild &lt;index&gt;</c> and <c>search reset &lt;index&gt;</c> on the command line.</summary>
internal sealed class SearchCommandLineVerb : ICommandLineVerb
{
    public string Name => "search";

    public async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        if (args.Count != 2 || args[0] is not ("rebuild" or "reset"))
        {
            await output.WriteLineAsync("用法：search rebuild <索引名> | search reset <索引名>");
            return 2;
        }

        var store = services.GetRequiredService<SearchIndexStore>();
        if (await store.GetAsync(args[1], cancellationToken) is null)
        {
            await output.WriteLineAsync($"检索索引 {args[1]} 不存在。");
            return 1;
        }

        var indexer = services.GetRequiredService<ISearchIndexer>();
        if (args[0] == "reset")
        {
            await indexer.ResetAsync(args[1], cancellationToken);
            await output.WriteLineAsync($"检索索引 {args[1]} 的游标已重置为 0。");
            return 0;
        }

        var last = -1;
        await indexer.RebuildAsync(args[1], new SyncProgress(p =>
        {
            var percent = p.Total == 0 ? 100 : p.Done * 100 / p.Total;
            if (percent != last)
            {
                last = percent;
                output.WriteLine($"重建 {args[1]}：{p.Done}/{p.Total}（{percent}%）");
            }
        }), cancellationToken);
        await output.WriteLineAsync($"检索索引 {args[1]} 重建完成。");
        return 0;
    }

    private sealed class SyncProgress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
