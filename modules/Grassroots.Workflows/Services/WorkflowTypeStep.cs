using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.Recipes;

namespace Grassroots.Workflows.Services;

/// <summary>
/// Recipe step <c>{"name":"WorkflowType","data":[ &lt;exported definition&gt;, … ]}</c> (also a single definition under
/// <c>"workflowType"</c>): imports each as exported; running the recipe again creates no new version.
/// </summary>
internal sealed class WorkflowTypeStep(WorkflowTypeService types) : IRecipeStepHandler
{
    public string Name => "WorkflowType";

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        var items = context.Optional("data") as JsonArray
            ?? (context.Optional("workflowType") is JsonObject single ? new JsonArray(single.DeepClone()) : null)
            ?? throw new RecipeStepException("data", "缺少 data（工作流定义数组）");
        for (var i = 0; i < items.Count; i++)
        {
            WorkflowTypeDefinition? definition;
            try
            {
                definition = items[i]?.Deserialize<WorkflowTypeDefinition>(GrassrootsJson.Options);
            }
            catch (JsonException ex)
            {
                throw new RecipeStepException($"data[{i}]", $"工作流定义格式错误：{ex.Message}");
            }

            if (definition is null || string.IsNullOrWhiteSpace(definition.Id))
            {
                throw new RecipeStepException($"data[{i}].id", "缺少工作流编号 id");
            }

            var result = await types.SaveAsync(definition.Id, definition, null, "imported", context.CancellationToken);
            if (!result.Succeeded)
            {
                var first = result.Errors.First();
                throw new RecipeStepException($"data[{i}]", $"工作流 {definition.Id} 无效：{(first.Key == "$" ? "" : first.Key + "：")}{first.Value[0]}");
            }
        }
    }
}
