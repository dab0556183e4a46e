using Grassroots.ContentManagement;
using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Search.Lucene.Models;

internal sealed class SearchMigrations : DataMigration
{
    public override async Task<int> CreateAsync()
    {
        await SchemaBuilder.CreateTablesForAsync(typeof(SearchIndexRecord), typeof(IndexingTask));
        return 1;
    }
}
