namespace Grassroots.Recipes;

/// <summary>
/// Handles the recipe steps of one name. A step runs in its own database transaction: throwing rolls it back.
/// Handlers must be idempotent: running the same step twice creates nothing twice.
/// </summary>
public interface IRecipeStepHandler
{
    /// <summary>The step name, compared case-insensitively (<c>feature</c>, <c>ContentDefinition</c>, …).</summary>
    string Name { get; }

    Task ExecuteAsync(RecipeStepContext context);
}
