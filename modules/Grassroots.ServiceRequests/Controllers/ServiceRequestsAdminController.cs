using Grassroots.Commands;
using Grassroots.Media;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Screens;
using Grassroots.ServiceRequests.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.ServiceRequests.Controllers;

/// <summary>Staff screens of the pipeline: registration and receipt, list / work queue, handling page, supervision list.</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ServiceRequestsAdminController(
    IServiceRequestPipeline pipeline,
    IServiceCatalog catalog,
    IJurisdictionService jurisdictions,
    IOrgUnitService orgUnits,
    IAttachmentStore attachments,
    IAttachmentRegistry registry,
    ISensitiveDataService sensitive,
    ContentManagement.IContentManager contentManager,
    ServiceRequestQueries queries,
    ServiceRequestActions actions,
    ServiceRequestRegistration registration,
    Services.Tracking.ServiceTracking tracking,
    IStringLocalizer<ServiceRequestsAdminController> T) : Controller
{
    /// <summary>TempData keys carrying a just-issued tracking secret from the POST to the receipt page (read once).</summary>
    private const string SecretKey = "TrackingSecret";
    private const string SecretForKey = "TrackingSecretFor";

    private Task<bool> CanHandle() => queries.CanHandleAsync(User);

    private Task<bool> CanView() => queries.CanViewAsync(User);

    [HttpGet("/admin/service/requests/new")]
    public async Task<IActionResult> New(string? point, CancellationToken cancellationToken)
    {
        if (!await CanHandle())
        {
            return Forbid();
        }

        var points = await queries.UserPointsAsync(User, cancellationToken);
        var input = new ServiceRegisterInput { PointCode = point ?? (points.Count > 0 ? points[0].Point.Code : null), Channel = "window" };
        return View(await RegisterModelAsync(input, [], new Dictionary<string, string>(), null, cancellationToken));
    }

    [HttpPost("/admin/service/requests/new")]
    [RequestSizeLimit(100L * 1024 * 1024)]
    public async Task<IActionResult> NewPost([FromForm] ServiceRegisterInput input, [FromForm] List<IFormFile>? files, CancellationToken cancellationToken)
    {
        if (!await CanHandle())
        {
            return Forbid();
        }

        var errors = new Dictionary<string, string>();
        var stored = new List<(string Id, string FileName)>();
        foreach (var id in input.AttachmentIds.Where(i => !string.IsNullOrWhiteSpace(i)).Distinct())
        {
            // Kept from a failed post: only the user's own unattached uploads (registration binds them to the request).
            if (await registry.FindAsync(id, cancellationToken) is { } owner && owner.MayAttach(null, User.Identity?.Name)
                && await attachments.GetInfoAsync(id, cancellationToken) is { } info)
            {
                stored.Add((info.Id, info.FileName));
            }
        }

        foreach (var file in files ?? [])
        {
            if (file.Length == 0 && string.IsNullOrEmpty(file.FileName))
            {
                continue;
            }

            var fileName = AttachmentRules.SanitizeFileName(file.FileName);
            if (AttachmentRules.Validate(fileName, file.Length, null, T) is { } problem)
            {
                errors["attachmentIds"] = problem;
                continue;
            }

            await using var stream = file.OpenReadStream();
            var saved = await registry.UploadAsync(stream, fileName, AttachmentRules.SanitizeContentType(file.ContentType), User.Identity?.Name, cancellationToken);
            stored.Add((saved.Id, saved.FileName));
        }

        input.AttachmentIds = [.. stored.Select(s => s.Id)];
        if (errors.Count == 0)
        {
            var outcome = await registration.RegisterAsync(User, input, cancellationToken);
            if (outcome.Succeeded)
            {
                var (request, secret) = outcome.Value!;
                TempData["Success"] = T["已受理，回执码 {0}", request.ReceiptCode].Value;
                KeepSecretForReceipt(request.ContentItemId, secret);
                return Redirect($"/admin/service/requests/{Uri.EscapeDataString(request.ContentItemId)}/receipt");
            }

            errors = Localize(outcome.Errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("New", await RegisterModelAsync(input, stored, errors, outcome.Message, cancellationToken));
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("New", await RegisterModelAsync(input, stored, errors, null, cancellationToken));
    }

    [HttpGet("/admin/service/requests/{id}/receipt")]
    public async Task<IActionResult> Receipt(string id, CancellationToken cancellationToken)
    {
        var (record, forbidden) = await queries.OpenAsync(User, id, handle: false, cancellationToken);
        if (record is null)
        {
            return forbidden ? Forbid() : NotFound();
        }

        // The secret is on the page only right after registration or a re-print (TempData, read once), never stored in clear.
        var (issuedFor, issued) = (TempData[SecretForKey] as string, TempData[SecretKey] as string);
        var secret = issuedFor == record.ContentItemId ? issued : null;
        var point = await catalog.FindPointAsync(record.RegisteredPointCode, cancellationToken);
        ViewData["Title"] = T["受理回执"].Value;
        Response.Headers.CacheControl = "no-store";
        return View(new ServiceReceiptViewModel
        {
            Request = record,
            TrackingCode = secret,
            HasTrackingCode = secret is not null || await tracking.HasSecretAsync(record.ContentItemId, cancellationToken),
            CanReissue = await CanHandle(),
            Guide = await catalog.FindGuideAsync(record.ItemCode, cancellationToken),
            PointName = point?.Name,
            PointPhone = point?.Phone,
            TrackUrl = $"{Request.Scheme}://{Request.Host}/service/track?code={Uri.EscapeDataString(record.ReceiptCode)}",
        });
    }

    /// <summary>重新打印回执: issues a new tracking secret (the old one stops working), audited, and shows the receipt with it.</summary>
    [HttpPost("/admin/service/requests/{id}/receipt")]
    public async Task<IActionResult> Reissue(string id, CancellationToken cancellationToken)
    {
        if (!await CanHandle())
        {
            return Forbid();
        }

        var (record, forbidden) = await queries.OpenAsync(User, id, handle: false, cancellationToken);
        if (record is null)
        {
            return forbidden ? Forbid() : NotFound();
        }

        KeepSecretForReceipt(record.ContentItemId, await tracking.ReissueAsync(record, cancellationToken));
        TempData["Success"] = T["已生成新的查询密码，原查询密码作废。请打印本回执交给申请人。"].Value;
        return Redirect($"/admin/service/requests/{Uri.EscapeDataString(record.ContentItemId)}/receipt");
    }

    private void KeepSecretForReceipt(string requestId, string? secret)
    {
        if (secret is not null)
        {
            TempData[SecretKey] = secret;
            TempData[SecretForKey] = requestId;
        }
    }

    [HttpGet("/admin/service/requests")]
    public async Task<IActionResult> List([FromQuery] ServiceRequestFilter filter, CancellationToken cancellationToken)
    {
        if (!await CanView())
        {
            return Forbid();
        }

        var errors = Localize(ServiceRequestQueries.Validate(filter, T));
        var page = await queries.ListAsync(User, filter, cancellationToken);
        var rows = await RowsAsync(page.Items, cancellationToken);
        ViewData["Title"] = T["诉求列表"].Value;
        return View(new ServiceRequestListViewModel
        {
            Filter = filter, Page = page, Rows = rows, Errors = errors,
            Towns = await TownsAsync(cancellationToken),
            Guides = await catalog.ListGuidesAsync(null, null, cancellationToken),
        });
    }

    [HttpGet("/admin/service/requests/{id}")]
    public async Task<IActionResult> Detail(string id, CancellationToken cancellationToken)
    {
        var (record, forbidden) = await queries.OpenAsync(User, id, handle: false, cancellationToken);
        return record is null ? forbidden ? Forbid() : NotFound() : View("Detail", await DetailModelAsync(record, null, null, null, null, cancellationToken));
    }

    [HttpPost("/admin/service/requests/{id}/{step}")]
    public async Task<IActionResult> Act(string id, string step, [FromForm] ServiceActionInput input, CancellationToken cancellationToken)
    {
        if (!ServiceRequestActions.All.Contains(step))
        {
            return NotFound();
        }

        var (record, forbidden) = await queries.OpenAsync(User, id, handle: true, cancellationToken);
        if (record is null)
        {
            return forbidden ? Forbid() : NotFound();
        }

        var outcome = await actions.RunAsync(User, step, record, input, cancellationToken);
        if (outcome.Succeeded)
        {
            TempData["Success"] = T[ServiceRequestActions.SuccessMessage(step)].Value;
            return Redirect($"/admin/service/requests/{Uri.EscapeDataString(id)}");
        }

        Response.StatusCode = outcome.Status == CommandStatus.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        var current = await queries.FindVisibleAsync(User, id, cancellationToken) ?? record;
        return View("Detail", await DetailModelAsync(current, step, input, Localize(outcome.Errors),
            outcome.Message, cancellationToken));
    }

    [HttpGet("/admin/service/supervision")]
    public async Task<IActionResult> Supervision(CancellationToken cancellationToken)
    {
        if (!await CanView())
        {
            return Forbid();
        }

        var rows = new List<SupervisionRow>();
        var names = new Dictionary<string, ServicePoint?>();
        async Task<ServicePoint?> PointAsync(string? code)
        {
            if (code is null)
            {
                return null;
            }

            if (!names.TryGetValue(code, out var point))
            {
                names[code] = point = await catalog.FindPointAsync(code, cancellationToken);
            }

            return point;
        }

        foreach (var record in await queries.SupervisionAsync(User, cancellationToken))
        {
            var deadline = await queries.DeadlineAsync(record, cancellationToken);
            var officeCode = record.CurrentPointCode;
            var office = await PointAsync(officeCode);
            var superior = await PointAsync(office?.ParentCode);
            rows.Add(new SupervisionRow(record, deadline.Kind == "overdue" ? deadline.Days : 0, officeCode, office?.Name ?? officeCode,
                superior?.Name ?? office?.ParentCode));
        }

        ViewData["Title"] = T["督办清单"].Value;
        return View(rows.OrderByDescending(r => r.DaysOverdue).ThenBy(r => r.Request.DueUtc).ToList());
    }

    private async Task<ServiceRegisterViewModel> RegisterModelAsync(ServiceRegisterInput input, IReadOnlyList<(string, string)> files,
        IReadOnlyDictionary<string, string> errors, string? error, CancellationToken cancellationToken)
    {
        var points = await queries.UserPointsAsync(User, cancellationToken);
        var guides = new List<RegisterGuideOption>();
        var point = points.FirstOrDefault(p => p.Point.Code == input.PointCode)?.Point;
        foreach (var guide in await catalog.ListGuidesAsync(null, null, cancellationToken))
        {
            guides.Add(new RegisterGuideOption(guide, point is not null && await catalog.HasAuthorityAsync(point.Code, guide.ItemCode, cancellationToken)));
        }

        ViewData["Title"] = T["诉求登记"].Value;
        return new ServiceRegisterViewModel
        {
            Input = input, Points = points, Guides = guides, OrgUnits = await JurisdictionUnitsAsync(cancellationToken),
            Files = files, Errors = errors, Error = error,
        };
    }

    /// <summary>The towns and villages of the user's jurisdiction (villages of the user's town for town staff).</summary>
    private async Task<IReadOnlyList<OrgUnitSummary>> JurisdictionUnitsAsync(CancellationToken cancellationToken)
    {
        var jurisdiction = await jurisdictions.GetAsync(User, cancellationToken);
        if (jurisdiction.OrgUnitCode is not { } code || await orgUnits.GetAsync(code, cancellationToken) is not { } unit)
        {
            return [];
        }

        var result = new List<OrgUnitSummary>();
        switch (unit.Level)
        {
            case OrgUnitLevel.County:
                foreach (var town in await orgUnits.GetChildrenAsync(unit.Code, cancellationToken))
                {
                    result.Add(town);
                    result.AddRange((await orgUnits.GetChildrenAsync(town.Code, cancellationToken)).Where(u => u.Level == OrgUnitLevel.Village));
                }

                break;
            case OrgUnitLevel.Town:
                result.Add(new OrgUnitSummary(unit.Code, unit.Name, unit.Level, unit.ParentCode, 0));
                result.AddRange((await orgUnits.GetChildrenAsync(unit.Code, cancellationToken)).Where(u => u.Level == OrgUnitLevel.Village));
                break;
            default:
                var village = unit.Level == OrgUnitLevel.Village ? unit
                    : (await orgUnits.GetLineageAsync(unit.Code, cancellationToken)).LastOrDefault(u => u.Level == OrgUnitLevel.Village);
                if (village is not null)
                {
                    result.Add(new OrgUnitSummary(village.Code, village.Name, village.Level, village.ParentCode, 0));
                }

                break;
        }

        return result;
    }

    private async Task<IReadOnlyList<OrgUnitSummary>> TownsAsync(CancellationToken cancellationToken)
    {
        var jurisdiction = await jurisdictions.GetAsync(User, cancellationToken);
        if (jurisdiction.OrgUnitCode is not { } code || await orgUnits.GetAsync(code, cancellationToken) is not { } unit)
        {
            return [];
        }

        if (unit.Level == OrgUnitLevel.County)
        {
            return await orgUnits.GetChildrenAsync(unit.Code, cancellationToken);
        }

        var town = unit.Level == OrgUnitLevel.Town ? unit
            : (await orgUnits.GetLineageAsync(unit.Code, cancellationToken)).FirstOrDefault(u => u.Level == OrgUnitLevel.Town);
        return town is null ? [] : [new OrgUnitSummary(town.Code, town.Name, town.Level, town.ParentCode, 0)];
    }

    private async Task<List<ServiceRequestRow>> RowsAsync(IReadOnlyList<ServiceRequestRecord> records, CancellationToken cancellationToken)
    {
        var requesters = await queries.RequestersAsync(User, records.Select(r => r.ContentItemId), cancellationToken);
        var points = new Dictionary<string, string>();
        var rows = new List<ServiceRequestRow>();
        foreach (var record in records)
        {
            if (!points.TryGetValue(record.CurrentPointCode, out var pointName))
            {
                points[record.CurrentPointCode] = pointName =
                    (await catalog.FindPointAsync(record.CurrentPointCode, cancellationToken))?.Name ?? record.CurrentPointCode;
            }

            var (name, phone) = requesters.TryGetValue(record.ContentItemId, out var r) ? r : ("", "");
            rows.Add(new ServiceRequestRow(record, name, phone, pointName, await queries.DeadlineAsync(record, cancellationToken)));
        }

        return rows;
    }

    private async Task<ServiceRequestDetailViewModel> DetailModelAsync(ServiceRequestRecord record, string? failedAction, ServiceActionInput? input,
        IReadOnlyDictionary<string, string>? errors, string? error, CancellationToken cancellationToken)
    {
        var events = await pipeline.GetEventsAsync(record.ContentItemId, cancellationToken);
        var codes = new HashSet<string>(StringComparer.Ordinal) { record.CurrentPointCode, record.RegisteredPointCode };
        foreach (var code in events.Select(e => e.PointCode).Append(record.DispatchPointCode).Append(record.OfficeCode))
        {
            if (!string.IsNullOrEmpty(code))
            {
                codes.Add(code);
            }
        }

        var names = new Dictionary<string, string>();
        foreach (var code in codes)
        {
            names[code] = (await catalog.FindPointAsync(code, cancellationToken))?.Name ?? code;
        }

        var allowed = await CanHandle() ? await actions.AllowedAsync(User, record, cancellationToken) : [];
        var dispatch = allowed.Contains(ServiceRequestActions.Dispatch)
            ? await WindowsAsync([record.CurrentPointCode], record.ItemCode, cancellationToken) : [];
        var arbitrate = allowed.Contains(ServiceRequestActions.Arbitrate)
            ? await WindowsAsync([.. new[] { record.DispatchPointCode, record.CurrentPointCode }.OfType<string>().Distinct()], record.ItemCode, cancellationToken)
            : [];
        var item = await contentManager.GetAsync(record.ContentItemId, ContentManagement.VersionOptions.Latest, cancellationToken);
        var shown = item is null ? null : await sensitive.ProtectAsync(User, item, cancellationToken);
        ViewData["Title"] = T["诉求办理"].Value + " " + record.ReceiptCode;
        return new ServiceRequestDetailViewModel
        {
            Request = record,
            Item = shown,
            Guide = await catalog.FindGuideAsync(record.ItemCode, cancellationToken),
            Events = events,
            PointNames = names,
            Actions = allowed,
            DispatchWindows = dispatch,
            ArbitrateWindows = arbitrate,
            Deadline = await queries.DeadlineAsync(record, cancellationToken),
            CanReveal = item is not null && await sensitive.CanRevealAsync(User, item, cancellationToken),
            Revealed = item is not null && await sensitive.IsRevealedAsync(User, item.ContentItemId, cancellationToken),
            WindowHasAuthority = record.Stage == ServiceStage.AwaitingAcceptance
                && await catalog.HasAuthorityAsync(record.CurrentPointCode, record.ItemCode, cancellationToken),
            Attachments = shown is null ? [] : ServiceRequestQueries.Attachments(shown),
            FailedAction = failedAction,
            Input = input ?? new ServiceActionInput(),
            Errors = errors ?? new Dictionary<string, string>(),
            Error = error,
        };
    }

    private async Task<IReadOnlyList<WindowOption>> WindowsAsync(IReadOnlyList<string> parents, string itemCode, CancellationToken cancellationToken)
    {
        var result = new List<WindowOption>();
        foreach (var parent in parents)
        {
            foreach (var window in await catalog.FindWindowsAsync(parent, itemCode, cancellationToken))
            {
                if (result.All(w => w.Window.Code != window.Code))
                {
                    result.Add(new WindowOption(window, await catalog.HasAuthorityAsync(window.Code, itemCode, cancellationToken)));
                }
            }
        }

        return [.. result.OrderByDescending(w => w.Suggested)];
    }

    /// <summary>Messages come localized from the screens' services and the pipeline.</summary>
    private static Dictionary<string, string> Localize(IReadOnlyDictionary<string, string> errors) => new(errors);

    private static Dictionary<string, string> Localize(IReadOnlyDictionary<string, string[]> errors)
        => errors.ToDictionary(e => e.Key, e => string.Join("；", e.Value));
}
