using Grassroots.Hosting;
using Grassroots.Recipes;

// Command line: `dotnet run --project src/Grassroots.Web -- recipe <file.json> [--Key=Value ...]` runs a recipe and exits.
// Other verbs come from modules (ICommandLineVerb), e.g. `search rebuild staff`: the words before the first `--Key=Value`.
var recipeFile = args.Length >= 2 && args[0] == "recipe" ? Path.GetFullPath(args[1]) : null;
var verbArgs = recipeFile is null && args.Length >= 1 && !args[0].StartsWith('-') ? args.TakeWhile(a => !a.StartsWith('-')).ToArray() : [];
var builder = WebApplication.CreateBuilder(recipeFile is not null ? args[2..] : args[verbArgs.Length..]);
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

if (verbArgs.Length > 0)
{
    await app.Services.GetRequiredService<Grassroots.Setup.SetupRunner>().InitializeAsync();
    var verb = app.Services.GetServices<ICommandLineVerb>().FirstOrDefault(v => v.Name == verbArgs[0]);
    if (verb is null)
    {
        Console.Error.WriteLine($"未知命令：{verbArgs[0]}");
        return 2;
    }

    int exitCode;
    await using (var scope = app.Services.CreateAsyncScope())
    {
        exitCode = await verb.RunAsync(verbArgs[1..], scope.ServiceProvider, Console.Out, CancellationToken.None);
    }

    // Disposing the host closes what the verb opened (e.g. Lucene index writers) cleanly.
    await app.DisposeAsync();
    return exitCode;
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
