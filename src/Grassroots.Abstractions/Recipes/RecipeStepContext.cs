using System.Text.Json.Nodes;

namespace Grassroots.Recipes;

/// <summary>One step being executed.</summary>
public sealed class RecipeStepContext
{
    public required string RecipeName { get; init; }

    public required string FileName { get; init; }

    /// <summary>1-based position in the recipe.</summary>
    public required int StepNumber { get; init; }

    public required string StepName { get; init; }

    /// <summary>The step's JSON object.</summary>
    public required JsonObject Step { get; init; }

    /// <summary>JSON path of the step in the file, e.g. <c>$.steps[2]</c>.</summary>
    public string Path => $"$.steps[{StepNumber - 1}]";

    public required IServiceProvider Services { get; init; }

    public CancellationToken CancellationToken { get; init; }

    /// <summary>The recipe file's folder, against which steps resolve relative paths (null for uploads).</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Reads a required property of the step, throwing a <see cref="RecipeStepException"/> naming it.</summary>
    public JsonNode Require(string property)
        => Step.FirstOrDefault(p => string.Equals(p.Key, property, StringComparison.OrdinalIgnoreCase)).Value
            ?? throw new RecipeStepException(property, $"缺少 {property}");

    /// <summary>Reads an optional property of the step, case-insensitively.</summary>
    public JsonNode? Optional(string property)
        => Step.FirstOrDefault(p => string.Equals(p.Key, property, StringComparison.OrdinalIgnoreCase)).Value;
}
