using System.Text.Json.Nodes;

namespace Grassroots.Recipes.Controllers;

/// <summary>The recipes shipped with the application in <c>seeds/recipes</c>.</summary>
public sealed record ShippedRecipe(string FileName, string FullPath, string DisplayName, string Description);

internal static class ShippedRecipes
{
    public const long MaxUploadBytes = 5 * 1024 * 1024;

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "seeds", "recipes");

    public static IReadOnlyList<ShippedRecipe> List()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var list = new List<ShippedRecipe>();
        foreach (var file in Directory.GetFiles(Folder, "*.recipe.json").Order(StringComparer.Ordinal))
        {
            string displayName = Path.GetFileName(file), description = "";
            try
            {
                if (JsonNode.Parse(File.ReadAllText(file)) is JsonObject json)
                {
                    displayName = (json["displayName"] as JsonValue)?.GetValue<string>() ?? displayName;
                    description = (json["description"] as JsonValue)?.GetValue<string>() ?? "";
                }
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or IOException)
            {
                // Listed by file name; running it reports the error.
            }

            list.Add(new ShippedRecipe(Path.GetFileName(file), file, displayName, description));
        }

        return list;
    }

    public static ShippedRecipe? Find(string? fileName)
        => List().FirstOrDefault(r => string.Equals(r.FileName, fileName, StringComparison.Ordinal));
}
