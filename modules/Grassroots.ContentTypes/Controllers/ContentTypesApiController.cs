using System.Text.Json;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;
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
    IStringLocalizer<ContentTypesApiController> T) : DefinitionApiControllerBase<ContentTypeDefinition>(authorization)
{
    /// <summary>All type definitions, by display name.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<ContentTypeDefinition>>(StatusCodes.Status200OK)]
    public Task<IActionResult> List(CancellationToken cancellationToken) => ListCoreAsync(cancellationToken);

    /// <summary>One type definition.</summary>
    [HttpGet("{name}")]
    [ProducesResponseType<ContentTypeDefinition>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<IActionResult> Get(string name, CancellationToken cancellationToken) => GetCoreAsync(name, cancellationToken);

    /// <summary>Creates or replaces a type definition; the name in the route wins over the body's.</summary>
    [HttpPut("{name}")]
    [ProducesResponseType<ContentTypeDefinition>(StatusCodes.Status200OK)]
    [ProducesResponseType<ContentTypeDefinition>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public Task<IActionResult> Put(string name, [FromBody] JsonElement body, CancellationToken cancellationToken)
        => PutCoreAsync(name, body, cancellationToken);

    /// <summary>Deletes a type definition; refused while items of the type exist.</summary>
    [HttpDelete("{name}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public Task<IActionResult> Delete(string name, CancellationToken cancellationToken) => DeleteCoreAsync(name, cancellationToken);

    protected override string Segment => "content-types";

    protected override string InvalidJsonMessage => T["请求内容不是有效的类型定义 JSON"];

    protected override string InvalidTitle => T["类型定义无效"];

    protected override string NotFoundTitle(string name) => T["内容类型「{0}」不存在", name];

    protected override Task<IReadOnlyList<ContentTypeDefinition>> ListDefinitionsAsync(CancellationToken cancellationToken)
        => definitions.ListTypeDefinitionsAsync(cancellationToken);

    protected override Task<ContentTypeDefinition?> FindAsync(string name, CancellationToken cancellationToken)
        => definitions.GetTypeDefinitionAsync(name, cancellationToken);

    /// <summary>
    /// The owner (<see cref="ContentTypeSettings.OwnedBy"/>) is the module's to set (its migration or recipe): a PUT keeps
    /// the stored value whatever the body says, so a round trip through the API can neither drop nor claim ownership.
    /// </summary>
    protected override async Task<IReadOnlyDictionary<string, string[]>> StoreAsync(string name, ContentTypeDefinition definition, CancellationToken cancellationToken)
    {
        definition.Name = name;
        definition.Settings.OwnedBy = (await definitions.GetTypeDefinitionAsync(name, cancellationToken))?.Settings.OwnedBy;
        return await definitions.StoreTypeDefinitionAsync(definition, cancellationToken);
    }

    protected override async Task<IActionResult> DeleteExistingAsync(ContentTypeDefinition type, CancellationToken cancellationToken)
    {
        if (contents.Query().Any(r => r.ContentType == type.Name && !r.Deleted))
        {
            return ConflictProblem(T["类型「{0}」下还有内容项，不能删除", type.DisplayName]);
        }

        await definitions.DeleteTypeDefinitionAsync(type.Name, cancellationToken);
        return NoContent();
    }
}
