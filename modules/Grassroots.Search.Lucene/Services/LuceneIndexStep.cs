using System.Text.Json.Nodes;
using Grassroots.Recipes;
using Grassroots.Search.Lucene.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Search.Lucene.Services;

/// <summary>
/// Recipe step <c>lucene-index</c>: <c>{"name":"lucene-index","indexes":[{"name":"staff","analyzer":"smartcn",
/// "contentTypes":[],"versions":"latest"}]}</c>. Idempotent: an existing index is updated.
/// </summary>
internal sealed class LuceneIndexStep : IRecipeStepHandler
{
    public string Name => "lucene-index";

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        var store = context.Services.GetRequiredService<SearchIndexStore>();
        if (context.Require("indexes") is not JsonArray indexes)
        {
            throw new RecipeStepException("indexes", "indexes 必须是数组");
        }

        for (var i = 0; i < indexes.Count; i++)
        {
            if (indexes[i] is not JsonObject o)
            {
                throw new RecipeStepException($"indexes[{i}]", "索引定义必须是对象");
            }

            var record = new SearchIndexRecord
            {
                Name = o["name"]?.GetValue<string>() ?? "",
                Analyzer = o["analyzer"]?.GetValue<string>() ?? SearchAnalyzers.SmartCn,
                Versions = o["versions"]?.GetValue<string>() ?? SearchVersions.Published,
                ContentTypes = string.Join(",", (o["contentTypes"] as JsonArray ?? []).Select(t => t?.GetValue<string>()).Where(t => !string.IsNullOrWhiteSpace(t))),
            };
            var errors = SearchIndexStore.Validate(record);
            if (errors.Count > 0)
            {
                var error = errors.First();
                throw new RecipeStepException($"indexes[{i}].{JsonNamingPolicy(error.Key)}", error.Value);
            }

            await store.SaveAsync(record, context.CancellationToken);
        }
    }

    private static string JsonNamingPolicy(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
