using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.OrgUnits.Controllers;

/// <summary>Reads the org tree (县 → 镇街 → 村社区 → 网格).</summary>
[ApiController]
[Authorize]
[Route("api/org-units")]
[Tags("OrgUnits")]
public sealed class OrgUnitsApiController(
    IOrgUnitService orgUnits,
    IAuthorizationService authorization,
    IStringLocalizer<OrgUnitsApiController> T) : ControllerBase
{
    /// <summary>Children of <paramref name="parent"/>, or the root units when it is omitted.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<OrgUnitDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> List([FromQuery] string? parent, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ViewContent))
        {
            return Forbid();
        }

        parent = parent.TrimToNull();
        if (parent is not null && await orgUnits.GetAsync(parent, cancellationToken) is null)
        {
            return Problem(title: T["组织机构「{0}」不存在", parent], statusCode: StatusCodes.Status404NotFound);
        }

        var children = await orgUnits.GetChildrenAsync(parent, cancellationToken);
        return Ok(children.Select(OrgUnitDto.From).ToList());
    }

    /// <summary>One unit with its lineage.</summary>
    [HttpGet("{code}")]
    [ProducesResponseType<OrgUnitDetailDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(string code, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ViewContent))
        {
            return Forbid();
        }

        var unit = await orgUnits.GetAsync(code, cancellationToken);
        if (unit is null)
        {
            return Problem(title: T["组织机构「{0}」不存在", code], statusCode: StatusCodes.Status404NotFound);
        }

        var children = await orgUnits.GetChildrenAsync(unit.Code, cancellationToken);
        var lineage = await orgUnits.GetLineageAsync(unit.Code, cancellationToken);
        return Ok(new OrgUnitDetailDto(unit.Code, unit.Name, OrgUnitDto.LevelName(unit.Level), unit.ParentCode, unit.Path, children.Count,
            lineage.Select(u => new OrgUnitLineageDto(u.Code, u.Name, OrgUnitDto.LevelName(u.Level))).ToList()));
    }
}
