using System.Text.Json;
using Grassroots.ContentManagement.Metadata;
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
    IStringLocalizer<ContentPartsApiController> T) : DefinitionApiControllerBase<ContentPartDefinition>(authorization)
{
    /// <summary>All part definitions, by name.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<ContentPartDefinition>>(StatusCodes.Status200OK)]
    public Task<IActionResult> List(CancellationToken cancellationToken) => ListCoreAsync(cancellationToken);

    /// <summary>One part definition.</summary>
    [HttpGet("{name}")]
    [ProducesResponseType<ContentPartDefinition>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<IActionResult> Get(string name, CancellationToken cancellationToken) => GetCoreAsync(name, cancellationToken);

    /// <summary>Creates or replaces a part definition; the name in the route wins over the body's.</summary>
    [HttpPut("{name}")]
    [ProducesResponseType<ContentPartDefinition>(StatusCodes.Status200OK)]
    [ProducesResponseType<ContentPartDefinition>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public Task<IActionResult> Put(string name, [FromBody] JsonElement body, CancellationToken cancellationToken)
        => PutCoreAsync(name, body, cancellationToken);

    /// <summary>Deletes a part definition; refused while a type uses it.</summary>
    [HttpDelete("{name}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public Task<IActionResult> Delete(string name, CancellationToken cancellationToken) => DeleteCoreAsync(name, cancellationToken);

    protected override string Segment => "content-parts";

    protected override string InvalidJsonMessage => T["请求内容不是有效的部件定义 JSON"];

    protected override string InvalidTitle => T["部件定义无效"];

    protected override string NotFoundTitle(string name) => T["内容部件「{0}」不存在", name];

    protected override Task<IReadOnlyList<ContentPartDefinition>> ListDefinitionsAsync(CancellationToken cancellationToken)
        => definitions.ListPartDefinitionsAsync(cancellationToken);

    protected override Task<ContentPartDefinition?> FindAsync(string name, CancellationToken cancellationToken)
        => definitions.GetPartDefinitionAsync(name, cancellationToken);

    protected override Task<IReadOnlyDictionary<string, string[]>> StoreAsync(string name, ContentPartDefinition definition, CancellationToken cancellationToken)
    {
        definition.Name = name;
        return definitions.StorePartDefinitionAsync(definition, cancellationToken);
    }

    protected override async Task<IActionResult> DeleteExistingAsync(ContentPartDefinition part, CancellationToken cancellationToken)
    {
        try
        {
            return await definitions.DeletePartDefinitionAsync(part.Name, cancellationToken) ? NoContent() : NotFoundProblem(part.Name);
        }
        catch (InvalidOperationException e)
        {
            return ConflictProblem(e.Message);
        }
    }
}
