using System.Text.Json;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.ContentTypes.Controllers;

/// <summary>Content type definitions (the same JSON as the recipe step <c>ContentDefinition</c>).</summary>
[ApiController]
[Authorize]
[Route("api/content-types")]
[Tags("Content types")]
public sealed class ContentTypesApiController(
    IContentDefinitionManager definitions,
    IContentManager contents,
    IAuthorizationService authorization,
    IStringLocalizer<ContentTypesApiController> T) : ControllerBase
{
    /// <summary>All type definitions, by display name.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<ContentTypeDefinition>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List(CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ViewContent))
        {
            return Forbid();
        }

        return Ok(await definitions.ListTypeDefinitionsAsync(cancellationToken));
    }

    /// <summary>One type definition.</summary>
    [HttpGet("{name}")]
    [ProducesResponseType<ContentTypeDefinition>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(string name, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ViewContent))
        {
            return Forbid();
        }

        var type = await definitions.GetTypeDefinitionAsync(name, cancellationToken);
        return type is null ? NotFoundProblem(name) : Ok(type);
    }

    /// <summary>Creates or replaces a type definition; the name in the route wins over the body's.</summary>
    [HttpPut("{name}")]
    [ProducesResponseType<ContentTypeDefinition>(StatusCodes.Status200OK)]
    [ProducesResponseType<ContentTypeDefinition>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Put(string name, [FromBody] JsonElement body, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ManageContentTypes))
        {
            return Forbid();
        }

        var definition = DefinitionApiHelpers.Read<ContentTypeDefinition>(body, ModelState, T["请求内容不是有效的类型定义 JSON"]);
        if (definition is null)
        {
            return ValidationProblem(title: T["类型定义无效"], modelStateDictionary: ModelState);
        }

        definition.Name = name;
        var existed = await definitions.GetTypeDefinitionAsync(name, cancellationToken) is not null;
        var errors = await definitions.StoreTypeDefinitionAsync(definition, cancellationToken);
        if (errors.Count > 0)
        {
            return ValidationProblem(title: T["类型定义无效"], modelStateDictionary: DefinitionApiHelpers.ToModelState(errors));
        }

        var stored = await definitions.GetTypeDefinitionAsync(definition.Name, cancellationToken);
        return existed
            ? Ok(stored)
            : Created($"/api/content-types/{Uri.EscapeDataString(definition.Name)}", stored);
    }

    /// <summary>Deletes a type definition; refused while items of the type exist.</summary>
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

        var type = await definitions.GetTypeDefinitionAsync(name, cancellationToken);
        if (type is null)
        {
            return NotFoundProblem(name);
        }

        if (contents.Query().Any(r => r.ContentType == name && !r.Deleted))
        {
            return Problem(title: T["类型「{0}」下还有内容项，不能删除", type.DisplayName], statusCode: StatusCodes.Status409Conflict);
        }

        await definitions.DeleteTypeDefinitionAsync(name, cancellationToken);
        return NoContent();
    }

    private ObjectResult NotFoundProblem(string name)
        => Problem(title: T["内容类型「{0}」不存在", name], statusCode: StatusCodes.Status404NotFound);
}
