using Grassroots.ContentManagement.Fields;
using Grassroots.Modules;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.ContentTypes.Controllers;

/// <summary>The field kinds a definition may use.</summary>
[ApiController]
[Authorize]
[Route("api/field-kinds")]
[Tags("Content types")]
public sealed class FieldKindsApiController(
    IEnabledServices<IContentFieldKind> kinds,
    IAuthorizationService authorization,
    IStringLocalizer<FieldKindsApiController> T) : ControllerBase
{
    /// <summary>Every enabled field kind: technical name and display name.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<FieldKindInfo>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List()
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ViewContent))
        {
            return Forbid();
        }

        return Ok(kinds.All.Select(k => new FieldKindInfo(k.Name, T[k.DisplayName])).ToList());
    }
}

/// <summary>A field kind as <c>GET /api/field-kinds</c> lists it.</summary>
public sealed record FieldKindInfo(string Name, string DisplayName);
