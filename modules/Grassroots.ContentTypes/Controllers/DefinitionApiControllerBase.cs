using System.Text.Json;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.ContentTypes.Controllers;

/// <summary>
/// The list/get/put/delete logic the type and part APIs share. Subclasses declare the actions (routes and response
/// types for the OpenAPI document) and say how their definitions are loaded, stored and deleted.
/// </summary>
/// <typeparam name="TDefinition"><c>ContentTypeDefinition</c> or <c>ContentPartDefinition</c>.</typeparam>
public abstract class DefinitionApiControllerBase<TDefinition>(IAuthorizationService authorization) : ControllerBase
    where TDefinition : class
{
    /// <summary>The route segment under <c>/api/</c>: <c>content-types</c> or <c>content-parts</c>.</summary>
    protected abstract string Segment { get; }

    /// <summary>Problem title when the body is not a definition.</summary>
    protected abstract string InvalidJsonMessage { get; }

    /// <summary>Problem title when the definition does not validate.</summary>
    protected abstract string InvalidTitle { get; }

    protected abstract string NotFoundTitle(string name);

    protected abstract Task<IReadOnlyList<TDefinition>> ListDefinitionsAsync(CancellationToken cancellationToken);

    protected abstract Task<TDefinition?> FindAsync(string name, CancellationToken cancellationToken);

    /// <summary>Names the definition (the route wins over the body) and stores it; errors by path, empty on success.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string[]>> StoreAsync(string name, TDefinition definition, CancellationToken cancellationToken);

    /// <summary>Deletes an existing definition, or answers why not (409).</summary>
    protected abstract Task<IActionResult> DeleteExistingAsync(TDefinition definition, CancellationToken cancellationToken);

    protected async Task<IActionResult> ListCoreAsync(CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ViewContent))
        {
            return Forbid();
        }

        return Ok(await ListDefinitionsAsync(cancellationToken));
    }

    protected async Task<IActionResult> GetCoreAsync(string name, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ViewContent))
        {
            return Forbid();
        }

        var definition = await FindAsync(name, cancellationToken);
        return definition is null ? NotFoundProblem(name) : Ok(definition);
    }

    protected async Task<IActionResult> PutCoreAsync(string name, JsonElement body, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, ContentDefinitionPermissions.ManageContentTypes))
        {
            return Forbid();
        }

        var definition = DefinitionApiHelpers.Read<TDefinition>(body, ModelState, InvalidJsonMessage);
        if (definition is null)
        {
            return ValidationProblem(title: InvalidTitle, modelStateDictionary: ModelState);
        }

        var existed = await FindAsync(name, cancellationToken) is not null;
        var errors = await StoreAsync(name, definition, cancellationToken);
        if (errors.Count > 0)
        {
            return ValidationProblem(title: InvalidTitle, modelStateDictionary: DefinitionApiHelpers.ToModelState(errors));
        }

        var storedName = name.Trim();
        var stored = await FindAsync(storedName, cancellationToken);
        return existed
            ? Ok(stored)
            : Created($"/api/{Segment}/{Uri.EscapeDataString(storedName)}", stored);
    }

    protected async Task<IActionResult> DeleteCoreAsync(string name, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, ContentDefinitionPermissions.ManageContentTypes))
        {
            return Forbid();
        }

        var definition = await FindAsync(name, cancellationToken);
        return definition is null ? NotFoundProblem(name) : await DeleteExistingAsync(definition, cancellationToken);
    }

    protected ObjectResult NotFoundProblem(string name)
        => Problem(title: NotFoundTitle(name), statusCode: StatusCodes.Status404NotFound);

    protected ObjectResult ConflictProblem(string title)
        => Problem(title: title, statusCode: StatusCodes.Status409Conflict);
}
