using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.Recipes.Controllers;

/// <summary>Runs a recipe given as an uploaded file or as the raw JSON body.</summary>
[ApiController]
[Authorize]
[Route("api/recipes")]
[Tags("Recipes")]
public sealed class RecipesApiController(
    IRecipeExecutor executor,
    IAuthorizationService authorization,
    IStringLocalizer<RecipesApiController> T) : ControllerBase
{
    /// <summary>
    /// Runs a recipe: multipart/form-data with a <c>file</c>, or <c>application/json</c> with the recipe itself
    /// (optionally <c>?fileName=</c> to name it in errors). Steps before a failing step stay applied; the failing step is rolled back.
    /// </summary>
    [HttpPost]
    [RequestSizeLimit(ShippedRecipes.MaxUploadBytes + 64 * 1024)]
    [ProducesResponseType<RecipeRunResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Run([FromQuery] string? fileName, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, RecipePermissions.RunRecipes))
        {
            return Forbid();
        }

        byte[] bytes;
        if (Request.HasFormContentType)
        {
            var form = await Request.ReadFormAsync(cancellationToken);
            var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
            if (file is null || file.Length == 0)
            {
                return Problem(title: T["请上传配方文件（file）"], statusCode: StatusCodes.Status400BadRequest);
            }

            if (file.Length > ShippedRecipes.MaxUploadBytes)
            {
                return Problem(title: T["配方文件不能超过 5 MB"], statusCode: StatusCodes.Status400BadRequest);
            }

            fileName = Path.GetFileName(file.FileName);
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }
        else
        {
            using var buffer = new MemoryStream();
            await Request.Body.CopyToAsync(buffer, cancellationToken);
            if (buffer.Length > ShippedRecipes.MaxUploadBytes)
            {
                return Problem(title: T["配方文件不能超过 5 MB"], statusCode: StatusCodes.Status400BadRequest);
            }

            bytes = buffer.ToArray();
            if (bytes.Length == 0)
            {
                return Problem(title: T["请求正文为空，请提交配方 JSON"], statusCode: StatusCodes.Status400BadRequest);
            }

            fileName = string.IsNullOrWhiteSpace(fileName) ? "upload.recipe.json" : Path.GetFileName(fileName);
        }

        try
        {
            var result = await executor.ExecuteAsync(fileName, bytes, baseDirectory: null, runBy: User.Identity?.Name, cancellationToken: cancellationToken);
            return Ok(new RecipeRunResponse(result.RecipeName, result.StepsExecuted));
        }
        catch (RecipeException ex)
        {
            var problem = ProblemDetailsFactory.CreateProblemDetails(HttpContext, StatusCodes.Status400BadRequest,
                title: T["配方运行失败"], detail: ex.Message);
            problem.Extensions["fileName"] = ex.FileName;
            problem.Extensions["stepNumber"] = ex.StepNumber;
            problem.Extensions["stepName"] = ex.StepName;
            problem.Extensions["jsonPath"] = ex.JsonPath;
            problem.Extensions["reason"] = ex.Reason;
            return new ObjectResult(problem) { StatusCode = StatusCodes.Status400BadRequest, ContentTypes = { "application/problem+json" } };
        }
    }
}

/// <summary>A finished recipe run.</summary>
public sealed record RecipeRunResponse(string RecipeName, int StepsExecuted);
