using System.Text.Json;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.ContentTypes.Controllers;

/// <summary>Reusable part definitions.</summary>
[ApiController]
[Authorize]
[Route("api/content-parts")]
[Tags("Content types")]
public sealed class ContentPartsApiController(
    IContentDefinitionManager definitions,
    IAuthorizationService authorization,
    IStringLocalizer<ContentPartsApiController> T) : ControllerBase
{
    /// <summary>All part definitions, by name.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<ContentPartDefinition>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List(CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ViewContent))
        {
            return Forbid();
        }

        return Ok(await definitions.ListPartDefinitionsAsync(cancellationToken));
    }

    /// <summary>One part definition.</summary>
    [HttpGet("{name}")]
    [ProducesResponseType<ContentPartDefinition>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(string name, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ViewContent))
        {
            return Forbid();
        }

        var part = await definitions.GetPartDefinitionAsync(name, cancellationToken);
        return part is null ? NotFoundProblem(name) : Ok(part);
    }

    /// <summary>Creates or replaces a part definition; the name in the route wins over the body's.</summary>
    [HttpPut("{name}")]
    [ProducesResponseType<ContentPartDefinition>(StatusCodes.Status200OK)]
    [ProducesResponseType<ContentPartDefinition>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Put(string name, [FromBody] JsonElement body, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ManageContentTypes))
        {
            return Forbid();
        }

        var definition = DefinitionApiHelpers.Read<ContentPartDefinition>(body, ModelState, T["请求内容不是有效的部件定义 JSON"]);
        if (definition is null)
        {
            return ValidationProblem(title: T["部件定义无效"], modelStateDictionary: ModelState);
        }

        definition.Name = name;
        var existed = await definitions.GetPartDefinitionAsync(name, cancellationToken) is not null;
        var errors = await definitions.StorePartDefinitionAsync(definition, cancellationToken);
        if (errors.Count > 0)
        {
            return ValidationProblem(title: T["部件定义无效"], modelStateDictionary: DefinitionApiHelpers.ToModelState(errors));
        }

        var stored = await definitions.GetPartDefinitionAsync(name.Trim(), cancellationToken);
        return existed
            ? Ok(stored)
            : Created($"/api/content-parts/{Uri.EscapeDataString(name.Trim())}", stored);
    }

    /// <summary>Deletes a part definition; refused while a type uses it.</summary>
    [HttpDelete("{name}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Delete(string name, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ManageContentTypes))
        {
            return Forbid();
        }

        try
        {
            return await definitions.DeletePartDefinitionAsync(name, cancellationToken) ? NoContent() : NotFoundProblem(name);
        }
        catch (InvalidOperationException e)
        {
            return Problem(title: e.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    private ObjectResult NotFoundProblem(string name)
        => Problem(title: T["内容部件「{0}」不存在", name], statusCode: StatusCodes.Status404NotFound);
}
