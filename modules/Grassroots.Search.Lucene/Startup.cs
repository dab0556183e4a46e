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
