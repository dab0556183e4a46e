using Grassroots.Hosting;
using Grassroots.Recipes;

// Command line: `dotnet run --project src/Grassroots.Web -- recipe <file.json> [--Key=Value ...]` runs a recipe and exits.
var recipeFile = args.Length >= 2 && args[0] == "recipe" ? Path.GetFullPath(args[1]) : null;
var builder = WebApplication.CreateBuilder(recipeFile is null ? args : args[2..]);
builder.AddGrassroots();
builder.Services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
{
    document.Info.Title = "Grassroots API";
    document.Info.Description = "基层社会治理平台接口。Authenticate with POST /api/auth/token and send 'Authorization: Bearer <token>'.";
    return Task.CompletedTask;
}));

var app = builder.Build();

if (recipeFile is not null)
{
    await app.Services.GetRequiredService<Grassroots.Setup.SetupRunner>().InitializeAsync();
    try
    {
        var result = await app.Services.GetRequiredService<IRecipeExecutor>()
            .ExecuteFileAsync(recipeFile, "command-line", Console.WriteLine);
        Console.WriteLine($"配方 {result.RecipeName} 完成，共 {result.StepsExecuted} 步。");
        return 0;
    }
    catch (RecipeException ex)
    {
        Console.Error.WriteLine(ex.Message);
        return 1;
    }
}

await app.UseGrassrootsAsync();
app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.UseSwaggerUI(options =>
{
    options.RoutePrefix = "openapi";
    options.SwaggerEndpoint("/openapi/v1.json", "Grassroots API v1");
    options.DocumentTitle = "Grassroots API";
});

await app.RunAsync();
return 0;

/// <summary>The application entry point (public for integration tests).</summary>
public partial class Program;
