using System.Text.Json.Serialization;
using Grassroots.Audit;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.AuditTrail.Controllers;

/// <summary>Reads and verifies the audit trail.</summary>
[ApiController]
[Authorize]
[Route("api/audit")]
[Tags("Audit")]
public sealed class AuditApiController(
    IAuditQuery query,
    AuditJurisdiction jurisdiction,
    IAuditTrail audit,
    IAuthorizationService authorization,
    IStringLocalizer<AuditApiController> T) : ControllerBase
{
    /// <summary>Entries, newest first. Filters: user, contentItemId, contentType, category, action, from, to (China time, yyyy-MM-dd), page, pageSize.</summary>
    [HttpGet]
    [ProducesResponseType<AuditPageResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> List([FromQuery] AuditFilterInput input, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, AuditTrailPermissions.ViewAuditTrail))
        {
            return Forbid();
        }

        var errors = new Dictionary<string, string>();
        var scope = await jurisdiction.GetAsync(User, cancellationToken);
        var filter = input.ToFilter(errors) with { OrgPath = scope.OrgPath };
        if (errors.Count > 0)
        {
            foreach (var (key, message) in errors)
            {
                ModelState.AddModelError(key, T[message]);
            }

            return ValidationProblem(title: T["查询条件有误"], modelStateDictionary: ModelState);
        }

        var page = scope.None ? new AuditPage(0, []) : await query.QueryAsync(filter, cancellationToken);
        return Ok(new AuditPageResponse(page.Total, filter.Page, filter.PageSize, page.Entries));
    }

    /// <summary>One entry with its previous hash.</summary>
    [HttpGet("{sequence:long}")]
    [ProducesResponseType<AuditEntryDetail>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(long sequence, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, AuditTrailPermissions.ViewAuditTrail))
        {
            return Forbid();
        }

        var scope = await jurisdiction.GetAsync(User, cancellationToken);
        var entry = scope.None ? null : await query.GetAsync(sequence, scope.OrgPath, cancellationToken);
        return entry is null ? Problem(title: T["审计记录不存在"], statusCode: StatusCodes.Status404NotFound) : Ok(entry);
    }

    /// <summary>Walks the hash chain and reports the first broken link (permission ManageAuditTrail: it reads every entry).</summary>
    [HttpGet("verify")]
    [ProducesResponseType<AuditVerifyResponse>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Verify(CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, AuditTrailPermissions.ManageAuditTrail))
        {
            return Forbid();
        }

        var result = await audit.VerifyAsync(cancellationToken);
        return Ok(new AuditVerifyResponse(result.IsValid, result.EntriesChecked, result.FirstBrokenSequence, result.Reason));
    }
}

/// <summary>The verification result; the broken sequence and reason are always present (null when intact).</summary>
public sealed record AuditVerifyResponse(
    bool IsValid,
    long EntriesChecked,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? FirstBrokenSequence,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Reason);

/// <summary>A page of entries.</summary>
public sealed record AuditPageResponse(long Total, int Page, int PageSize, IReadOnlyList<AuditEntry> Items);
