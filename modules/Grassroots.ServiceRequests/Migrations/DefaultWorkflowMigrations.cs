using Grassroots.Data;
using Grassroots.Recipes;
using Grassroots.Workflows;
using Microsoft.Extensions.Logging;

namespace Grassroots.ServiceRequests.Models;

/// <summary>
/// Brings an existing database to the five-step drawing of the default workflow 服务事项五步流程 (decision 0017): when
/// the type is still the first version the setup recipe imported (the generic route and seven step nodes), the
/// module's <c>Recipes/default-workflow.recipe.json</c> is imported as its next version, through the same recipe step,
/// validation and audit as any import. Running instances stay on their version. A type an administrator has changed is
/// left alone (they can import the file in the designer). A new database gets the drawing from the setup recipe.
/// </summary>
internal sealed partial class DefaultWorkflowMigrations(IWorkflowStore store, IRecipeExecutor recipes, ILogger<DefaultWorkflowMigrations> logger)
    : DataMigration
{
    /// <summary>The id of the default workflow type.</summary>
    public const string TypeId = "service-request-pipeline";

    /// <summary>The manifest name of the embedded recipe holding the current drawing.</summary>
    public const string RecipeResource = "Grassroots.ServiceRequests.default-workflow.recipe.json";

    public override async Task<int> CreateAsync()
    {
        var latest = await store.GetLatestTypeAsync(TypeId);
        if (latest is null)
        {
            return 1;
        }

        if (latest.Version != 1 || !latest.Activities.Exists(a => a.Type == "ServiceRoute"))
        {
            LogLeftAlone(logger, TypeId, latest.Version);
            return 1;
        }

        await using var stream = typeof(DefaultWorkflowMigrations).Assembly.GetManifestResourceStream(RecipeResource)
            ?? throw new InvalidOperationException($"Embedded resource {RecipeResource} is missing.");
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        await recipes.ExecuteAsync("default-workflow.recipe.json", buffer.ToArray(), null, null);
        return 1;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Workflow type {TypeId} was changed after setup (version {Version}); the five-step drawing was not imported.")]
    private static partial void LogLeftAlone(ILogger logger, string typeId, int version);
}
