using Grassroots.Settings;

namespace Grassroots.Recipes.Steps;

/// <summary><c>{"name":"settings","SiteName":"…",…}</c> — merges the properties into the site settings.</summary>
internal sealed class SettingsStep(ISiteSettingsStore store) : IRecipeStepHandler
{
    public string Name => "settings";

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        var site = await store.GetAsync(ISiteSettingsStore.Site, context.CancellationToken);
        foreach (var (key, value) in context.Step)
        {
            if (!string.Equals(key, "name", StringComparison.OrdinalIgnoreCase))
            {
                site[key] = value?.DeepClone();
            }
        }

        await store.SetAsync(ISiteSettingsStore.Site, site, context.CancellationToken);
    }
}
