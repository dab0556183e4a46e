namespace Grassroots.Recipes;

/// <summary>Runs recipes (setup, dashboard upload, command line).</summary>
public interface IRecipeExecutor
{
    /// <summary>Runs a recipe file; relative paths in steps resolve against its folder.</summary>
    /// <exception cref="RecipeException">A step failed; earlier steps stay applied, the failing one is rolled back.</exception>
    Task<RecipeResult> ExecuteFileAsync(string path, string? runBy, Action<string>? onProgress = null, CancellationToken cancellationToken = default);

    /// <summary>Runs recipe JSON given as bytes (an upload).</summary>
    /// <exception cref="RecipeException">A step failed; earlier steps stay applied, the failing one is rolled back.</exception>
    Task<RecipeResult> ExecuteAsync(string fileName, byte[] content, string? baseDirectory, string? runBy,
        Action<string>? onProgress = null, CancellationToken cancellationToken = default);
}

/// <summary>A finished recipe run.</summary>
public sealed record RecipeResult(string RecipeName, int StepsExecuted);
