using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.Recipes.Controllers;

/// <summary>The 配方 dashboard screen: upload and run recipes.</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class RecipesAdminController(
    IRecipeExecutor executor,
    IAuthorizationService authorization,
    IStringLocalizer<RecipesAdminController> T) : Controller
{
    [HttpGet("/admin/recipes")]
    public async Task<IActionResult> Index()
    {
        if (!await authorization.AuthorizeAsync(User, RecipePermissions.RunRecipes))
        {
            return Forbid();
        }

        return View(new RecipesIndexViewModel { Shipped = ShippedRecipes.List() });
    }

    [HttpPost("/admin/recipes/upload")]
    [ValidateAntiForgeryToken]
    [RequestSizeLimit(ShippedRecipes.MaxUploadBytes + 64 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = ShippedRecipes.MaxUploadBytes + 64 * 1024)]
    public async Task<IActionResult> Upload(IFormFile? file, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, RecipePermissions.RunRecipes))
        {
            return Forbid();
        }

        var model = new RecipesIndexViewModel { Shipped = ShippedRecipes.List() };
        if (file is null || file.Length == 0)
        {
            model.Error = T["请选择要上传的配方文件（.json）"];
            return View(nameof(Index), model);
        }

        var fileName = Path.GetFileName(file.FileName);
        model.FileName = fileName;
        if (!fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            model.Error = T["配方文件「{0}」不是 .json 文件", fileName];
            return View(nameof(Index), model);
        }

        if (file.Length > ShippedRecipes.MaxUploadBytes)
        {
            model.Error = T["配方文件「{0}」超过 5 MB", fileName];
            return View(nameof(Index), model);
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        await RunAsync(model, fileName, buffer.ToArray(), null, cancellationToken);
        return View(nameof(Index), model);
    }

    [HttpPost("/admin/recipes/run")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> RunShipped(string? name, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, RecipePermissions.RunRecipes))
        {
            return Forbid();
        }

        var model = new RecipesIndexViewModel { Shipped = ShippedRecipes.List() };
        var recipe = ShippedRecipes.Find(name);
        if (recipe is null)
        {
            model.Error = T["找不到配方「{0}」", name ?? ""];
            return View(nameof(Index), model);
        }

        model.FileName = recipe.FileName;
        var bytes = await System.IO.File.ReadAllBytesAsync(recipe.FullPath, cancellationToken);
        await RunAsync(model, recipe.FileName, bytes, Path.GetDirectoryName(recipe.FullPath), cancellationToken);
        return View(nameof(Index), model);
    }

    private async Task RunAsync(RecipesIndexViewModel model, string fileName, byte[] bytes, string? baseDirectory, CancellationToken cancellationToken)
    {
        var progress = new List<string>();
        try
        {
            var result = await executor.ExecuteAsync(fileName, bytes, baseDirectory, User.Identity?.Name, progress.Add, cancellationToken);
            model.Result = result;
        }
        catch (RecipeException ex)
        {
            model.Failure = ex;
            model.Error = ex.Message;
        }

        model.Progress = progress;
    }
}

public sealed class RecipesIndexViewModel
{
    public IReadOnlyList<ShippedRecipe> Shipped { get; set; } = [];
    public string? FileName { get; set; }
    public RecipeResult? Result { get; set; }
    public RecipeException? Failure { get; set; }
    public string? Error { get; set; }
    public IReadOnlyList<string> Progress { get; set; } = [];
}
