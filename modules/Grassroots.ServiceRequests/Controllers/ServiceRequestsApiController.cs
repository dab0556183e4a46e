using Grassroots.Commands;
using Grassroots.ContentManagement;
using Grassroots.Security;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Screens;
using Grassroots.ServiceRequests.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.ServiceRequests.Controllers;

/// <summary>A request in API answers (requester masked per permission).</summary>
public sealed record ServiceRequestDto(
    string Id, string ReceiptCode, string ItemCode, string ItemName, string Channel, string ChannelText, string Class, string ClassText,
    string Stage, string StageText, string RegisteredPointCode, string CurrentPointCode, string OrgUnitCode, string TownCode,
    DateTime RegisteredUtc, string? DueDate, DateTime? DueUtc, string DeadlineState, int DeadlineDays, bool IsOverdue,
    DateTime? SupervisedUtc, DateTime? CompletedUtc, bool? CompletedOnTime, string? Satisfaction, int Version,
    string? RequesterName, string? RequesterPhone);

/// <summary>One recorded step.</summary>
public sealed record ServiceRequestEventDto(long Id, string Kind, string KindText, DateTime AtUtc, string? UserName, string? PointCode, string? Reason, string? Data);

/// <summary>A request with its document fields and timeline.</summary>
public sealed record ServiceRequestDetailDto(ServiceRequestDto Request, string? Description, string? ResidentId, string? Address,
    IReadOnlyList<string> AttachmentIds, IReadOnlyList<ServiceRequestEventDto> Events);

/// <summary>A page of requests.</summary>
public sealed record ServiceRequestPageDto(int Total, int Page, int PageSize, IReadOnlyList<ServiceRequestDto> Items);

/// <summary>
/// The registration answer: the receipt. <paramref name="TrackingCode"/> is the private tracking secret (查询密码) for the
/// requester's receipt, in clear only here (and in a re-print); no other answer carries it.
/// </summary>
public sealed record ServiceRegisteredDto(string Id, string ReceiptCode, string? TrackingCode, ServiceRequestDto Request);

/// <summary>A re-printed receipt: a new tracking secret; the old one no longer works.</summary>
public sealed record ServiceReceiptReissuedDto(string Id, string ReceiptCode, string TrackingCode);

/// <summary>流水线服务 API: register, list and act on requests (same checks as the staff screens).</summary>
[ApiController]
[Authorize]
[Tags("流水线服务")]
public sealed class ServiceRequestsApiController(
    IServiceRequestPipeline pipeline,
    ServiceRequestQueries queries,
    ServiceRequestActions actions,
    ServiceRequestRegistration registration,
    Services.Tracking.ServiceTracking tracking,
    IStringLocalizer<ServiceRequestsApiController> T) : ControllerBase
{
    private Task<bool> CanHandle() => queries.CanHandleAsync(User);

    private Task<bool> CanView() => queries.CanViewAsync(User);

    /// <summary>受理登记: registers a request at one of the caller's points.</summary>
    [HttpPost("/api/service-requests")]
    [ProducesResponseType<ServiceRegisteredDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Register([FromBody] ServiceRegisterInput input, CancellationToken cancellationToken)
    {
        if (!await CanHandle())
        {
            return Forbid();
        }

        var outcome = await registration.RegisterAsync(User, input, cancellationToken);
        if (this.ProblemFor(outcome, Titles with { Failed = T["登记失败"] }) is { } problem)
        {
            return problem;
        }

        var (request, secret) = outcome.Value!;
        var dto = await DtoAsync(request, cancellationToken);
        return Created($"/api/service-requests/{request.ContentItemId}", new ServiceRegisteredDto(dto.Id, dto.ReceiptCode, secret, dto));
    }

    /// <summary>重新打印回执: a new tracking secret for the requester (the old one stops working); audited.</summary>
    [HttpPost("/api/service-requests/{id}/receipt")]
    [ProducesResponseType<ServiceReceiptReissuedDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Reissue(string id, CancellationToken cancellationToken)
    {
        if (!await CanHandle())
        {
            return Forbid();
        }

        var (record, forbidden) = await queries.OpenAsync(User, id, handle: false, cancellationToken);
        if (record is null)
        {
            return forbidden ? Forbid() : NotFoundProblem();
        }

        return Ok(new ServiceReceiptReissuedDto(record.ContentItemId, record.ReceiptCode, await tracking.ReissueAsync(record, cancellationToken)));
    }

    /// <summary>Requests in the caller's jurisdiction, filtered (tab mine/all/overdue, stage, class, channel, town, item, from, to, code), 50 a page, by deadline.</summary>
    [HttpGet("/api/service-requests")]
    [ProducesResponseType<ServiceRequestPageDto>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List([FromQuery] ServiceRequestFilter filter, CancellationToken cancellationToken)
    {
        if (!await CanView())
        {
            return Forbid();
        }

        var errors = ServiceRequestQueries.Validate(filter, T);
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        var page = await queries.ListAsync(User, filter, cancellationToken);
        var items = new List<ServiceRequestDto>();
        foreach (var record in page.Items)
        {
            items.Add(await DtoAsync(record, cancellationToken));
        }

        return Ok(new ServiceRequestPageDto(page.Total, page.Page, page.PageSize, items));
    }

    /// <summary>One request with its timeline; 404 outside the jurisdiction.</summary>
    [HttpGet("/api/service-requests/{id}")]
    [ProducesResponseType<ServiceRequestDetailDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(string id, CancellationToken cancellationToken)
    {
        var (record, forbidden) = await queries.OpenAsync(User, id, handle: false, cancellationToken);
        if (record is null)
        {
            return forbidden ? Forbid() : NotFoundProblem();
        }

        return Ok(await DetailAsync(record, cancellationToken));
    }

    /// <summary>
    /// A handling step: dispatch (windowCode, comment), accept, send-back (reason), arbitrate (windowCode, comment),
    /// request-materials (materials[], otherMaterials, note), receive-materials, escalate (reason), request-extension
    /// (workingDays, reason), decide-extension (approve, comment), complete (result), follow-up (method, satisfaction
    /// or "unreached", comment, redoCause). Optional <c>version</c>: 409 when the request changed since.
    /// </summary>
    [HttpPost("/api/service-requests/{id}/{step}")]
    [ProducesResponseType<ServiceRequestDetailDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Act(string id, string step, [FromBody] ServiceActionInput? input, CancellationToken cancellationToken)
    {
        if (!ServiceRequestActions.All.Contains(step))
        {
            return Problem(title: T["未知的操作「{0}」", step].Value, statusCode: StatusCodes.Status404NotFound);
        }

        var (record, forbidden) = await queries.OpenAsync(User, id, handle: true, cancellationToken);
        if (record is null)
        {
            return forbidden ? Forbid() : NotFoundProblem();
        }

        var outcome = await actions.RunAsync(User, step, record, input ?? new ServiceActionInput(), cancellationToken);
        return this.ProblemFor(outcome, Titles with { Failed = T["操作失败"] }) ?? Ok(await DetailAsync(outcome.Value!, cancellationToken));
    }

    private ObjectResult NotFoundProblem() => Problem(title: T["诉求不存在"].Value, statusCode: StatusCodes.Status404NotFound);

    /// <summary>The answers of this API's failed commands (a conflict's message is its title).</summary>
    private CommandProblemTitles Titles => new() { Invalid = T["提交的数据有误"] };

    private IActionResult Invalid(IReadOnlyDictionary<string, string> errors)
        => this.ProblemFor<NoValue>(CommandResult.Invalid(errors), Titles)!;

    private async Task<ServiceRequestDto> DtoAsync(ServiceRequestRecord r, CancellationToken cancellationToken, ContentItem? item = null)
    {
        item ??= await queries.ProtectedItemAsync(User, r.ContentItemId, cancellationToken);
        var deadline = await queries.DeadlineAsync(r, cancellationToken);
        return new ServiceRequestDto(r.ContentItemId, r.ReceiptCode, r.ItemCode, r.ItemName,
            ServiceRequestLabels.ChannelCode(r.Channel), T[ServiceRequestLabels.Channel(r.Channel)].Value,
            ServiceRequestLabels.ClassCode(r.Class), T[ServiceRequestLabels.Class(r.Class)].Value,
            ServiceRequestLabels.StageCode(r.Stage), T[ServiceRequestLabels.Stage(r.Stage)].Value,
            r.RegisteredPointCode, r.CurrentPointCode, r.OrgUnitCode, r.TownCode, r.RegisteredUtc,
            r.DueDate is null ? null : ServiceRequestLabels.Date(r.DueDate), r.DueUtc, deadline.Kind, deadline.Days, r.IsOverdue,
            r.SupervisedUtc, r.CompletedUtc, r.CompletedOnTime,
            r.Satisfaction is null ? null : ServiceRequestLabels.Satisfactions.First(s => s.Value == r.Satisfaction).Code, r.Version,
            item is null ? null : ServiceRequestQueries.Field(item, "RequesterName"),
            item is null ? null : ServiceRequestQueries.Field(item, "RequesterPhone"));
    }

    private async Task<ServiceRequestDetailDto> DetailAsync(ServiceRequestRecord record, CancellationToken cancellationToken)
    {
        var item = await queries.ProtectedItemAsync(User, record.ContentItemId, cancellationToken);
        var events = await pipeline.GetEventsAsync(record.ContentItemId, cancellationToken);
        return new ServiceRequestDetailDto(await DtoAsync(record, cancellationToken, item),
            item is null ? null : ServiceRequestQueries.Field(item, "Description"),
            item is null ? null : ServiceRequestQueries.Field(item, "ResidentId"),
            item is null ? null : ServiceRequestQueries.Field(item, "Address"),
            item is null ? [] : [.. ServiceRequestQueries.Attachments(item).Select(a => a.Id)],
            [.. events.Select(e => new ServiceRequestEventDto(e.Id, e.Kind, T[ServiceRequestLabels.EventKind(e.Kind)].Value, e.AtUtc, e.UserName,
                e.PointCode, e.Reason, e.Data))]);
    }
}
