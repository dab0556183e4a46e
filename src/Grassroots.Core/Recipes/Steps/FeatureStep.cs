using Grassroots.Modules;

namespace Grassroots.Recipes.Steps;

/// <summary><c>{"name":"feature","enable":[…],"disable":[…]}</c></summary>
internal sealed class FeatureStep(IFeatureManager features) : IRecipeStepHandler
{
    public string Name => "feature";

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        var disable = Read(context, "disable");
        var enable = Read(context, "enable");
        if (disable.Count > 0)
        {
            await features.DisableAsync(disable, context.CancellationToken);
        }

        if (enable.Count > 0)
        {
            await features.EnableAsync(enable, context.CancellationToken);
        }
    }

    private static List<string> Read(RecipeStepContext context, string property)
    {
        var list = new List<string>();
        if (context.Optional(property) is not System.Text.Json.Nodes.JsonArray array)
        {
            return list;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var id = array[i]?.GetValue<string>();
            if (string.IsNullOrWhiteSpace(id) || context.Services.GetService(typeof(ModuleCatalog)) is ModuleCatalog catalog && catalog.Get(id) is null)
            {
                throw new RecipeStepException($"{property}[{i}]", $"功能「{id}」不存在");
            }

            list.Add(id);
        }

        return list;
    }
}
