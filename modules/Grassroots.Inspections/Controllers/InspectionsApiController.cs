using Grassroots.Inspections.Models;
using Grassroots.Inspections.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.Inspections.Controllers;

/// <summary>Inspector comments (督查评论) on items and org units, inside the user's jurisdiction.</summary>
[ApiController]
[Authorize]
[Route("api/inspections/comments")]
[Tags("Inspections")]
public sealed class InspectionsApiController(InspectionService inspections, IStringLocalizer<InspectionsApiController> T) : ControllerBase
{
    [HttpGet]
    public async Task<IActionResult> List(string? contentItemId, string? orgUnit, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        if (!await inspections.CanViewAsync(User))
        {
            return Forbid();
        }

        pageSize = Math.Clamp(pageSize, 1, 100);
        var (total, items) = await inspections.ListAsync(User, contentItemId, orgUnit, page, pageSize, cancellationToken);
        return Ok(new { total, page, pageSize, items = items.Select(ToDto) });
    }

    [HttpPost]
    [ProducesResponseType<InspectionCommentDto>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Add([FromBody] InspectionCommentRequest request, CancellationToken cancellationToken)
    {
        if (!await inspections.CanCommentAsync(User))
        {
            return Forbid();
        }

        var (comment, error, notFound) = await inspections.AddAsync(User, request.ContentItemId, request.OrgUnitCode, request.Text, cancellationToken);
        if (notFound)
        {
            return Problem(title: T["事项或单位不存在"], statusCode: StatusCodes.Status404NotFound);
        }

        if (error is not null)
        {
            ModelState.AddModelError("text", error);
            return ValidationProblem(title: error, modelStateDictionary: ModelState);
        }

        return Created($"/api/inspections/comments?contentItemId={comment!.ContentItemId}", ToDto(comment));
    }

    internal static InspectionCommentDto ToDto(InspectionComment c)
        => new(c.Id, c.ContentItemId, c.OrgUnitCode, c.UserName, c.AuthorName, c.Text, c.CreatedUtc);
}
