using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.Recipes.Steps;

/// <summary><c>{"name":"ContentDefinition","ContentParts":[…],"ContentTypes":[…]}</c> — creates or replaces definitions.</summary>
internal sealed class ContentDefinitionStep(IContentDefinitionManager definitions) : IRecipeStepHandler
{
    public string Name => "ContentDefinition";

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        if (context.Optional("ContentParts") is JsonArray parts)
        {
            for (var i = 0; i < parts.Count; i++)
            {
                var definition = Read<ContentPartDefinition>(parts[i], $"ContentParts[{i}]");
                var errors = await definitions.StorePartDefinitionAsync(definition, context.CancellationToken);
                ThrowIfAny(errors, $"ContentParts[{i}]");
            }
        }

        if (context.Optional("ContentTypes") is JsonArray types)
        {
            for (var i = 0; i < types.Count; i++)
            {
                var definition = Read<ContentTypeDefinition>(types[i], $"ContentTypes[{i}]");
                var errors = await definitions.StoreTypeDefinitionAsync(definition, context.CancellationToken);
                ThrowIfAny(errors, $"ContentTypes[{i}]");
            }
        }
    }

    private static T Read<T>(JsonNode? node, string path)
    {
        try
        {
            return node.Deserialize<T>(GrassrootsJson.Options) ?? throw new RecipeStepException(path, "定义不能为空");
        }
        catch (JsonException ex)
        {
            throw new RecipeStepException(path + (ex.Path is { Length: > 1 } p ? p.TrimStart('$') : ""), $"定义格式错误：{ex.Message}", ex);
        }
    }

    private static void ThrowIfAny(IReadOnlyDictionary<string, string[]> errors, string path)
    {
        if (errors.Count > 0)
        {
            var (key, messages) = errors.First();
            throw new RecipeStepException($"{path}.{key}", string.Join("；", messages));
        }
    }
}
