using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Grassroots.Commands;
using Grassroots.Audit;
using Grassroots.Calendar;
using Grassroots.ContentManagement;
using Grassroots.Data;
using Grassroots.Localization;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Grassroots.ServiceRequests.Models;
using Grassroots.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;

namespace Grassroots.ServiceRequests.Services;

/// <summary>
/// <see cref="IServiceRequestPipeline"/>. Every command loads the record, checks the actor, the stage and the input, then
/// writes the event, the record and the outbox message of the workflow event "ServiceStep" {step, outcome} in one
/// SaveChanges (optimistic concurrency on <see cref="ServiceRequestRecord.Version"/>), records an audit entry and flushes
/// the outbox after the commit (a crash in between leaves the message for the outbox job, never a lost event).
/// <para>
/// Actors: the staff (<see cref="ServicePointStaff"/>) of the point that holds the request; dispatchers
/// (<see cref="ServicePointStaff.IsDispatcher"/>) for dispatch, arbitration and extension decisions. A user holding both
/// HandleServiceRequests and ManageServiceNetwork (Administrator, CountyAdmin) may act as any point's staff and dispatcher
/// for requests whose current point lies inside their jurisdiction (supervisory override). Everyone else needs
/// HandleServiceRequests and a staff row.
/// </para>
/// <para>
/// Register creates the ServiceRequest content item and the record with its events in ONE database transaction (the content
/// manager joins an ambient transaction), so a failure leaves neither behind; a receipt-code collision retries the whole
/// registration with a new code. The private tracking secret's row is written in the same transaction; the secret itself
/// is only in the result (<see cref="PipelineResult.TrackingSecret"/>).
/// </para>
/// </summary>
public sealed class ServiceRequestPipeline(
    IDbContextAccessor accessor,
    IServiceCatalog catalog,
    IContentManager contents,
    IOrgUnitService orgUnits,
    IBusinessCalendar calendar,
    IAuditTrail audit,
    IAuthorizationService authorization,
    IJurisdictionService jurisdictions,
    IServiceProvider services,
    IOutbox outbox,
    Tracking.TrackingSecretHasher trackingSecrets,
    TimeProvider clock,
    IStringLocalizer<ServiceRequestPipeline> T,
    ILogger<ServiceRequestPipeline> logger) : IServiceRequestPipeline
{
    /// <summary>The workflow event raised after every command but Register.</summary>
    public const string StepEvent = "ServiceStep";

    /// <summary>The workflow event raised after Register (the default workflow starts with it).</summary>
    public const string RegisteredEvent = "ServiceRequestRegistered";

    /// <summary>Audit category of the pipeline.</summary>
    public const string AuditCategory = "serviceRequest";

    /// <summary>Working days of an escalated or redone request whose guide has no time limit (即办).</summary>
    public const int DefaultDays = 5;

    /// <summary>Working days to accept (签收) a dispatched request.</summary>
    public const int AcceptDays = 1;

    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private DbContext Db => accessor.DbContext;

    private DbSet<ServiceRequestRecord> Records => Db.Set<ServiceRequestRecord>();

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private DateOnly Today => BusinessTime.ToBusinessDate(Now);

    /// <summary>The end of CST day <paramref name="date"/> (00:00 of the next day) as UTC.</summary>
    public static DateTime EndOfDayUtc(DateOnly date) => BusinessTime.StartOfDayUtc(date.AddDays(1));

    // ───────────────────────────── queries ─────────────────────────────

    public Task<ServiceRequestRecord?> FindAsync(string requestId, CancellationToken cancellationToken) =>
        Records.AsNoTracking().FirstOrDefaultAsync(r => r.ContentItemId == requestId, cancellationToken);

    public Task<ServiceRequestRecord?> FindByReceiptAsync(string receiptCode, CancellationToken cancellationToken)
    {
        var code = (receiptCode ?? "").Trim().ToUpperInvariant();
        return Records.AsNoTracking().FirstOrDefaultAsync(r => r.ReceiptCode == code, cancellationToken);
    }

    public async Task<IReadOnlyList<ServiceRequestEvent>> GetEventsAsync(string requestId, CancellationToken cancellationToken) =>
        await Db.Set<ServiceRequestEvent>().AsNoTracking().Where(e => e.ContentItemId == requestId).OrderBy(e => e.Id).ToListAsync(cancellationToken);

    /// <summary>The user names of a point's staff (only its dispatchers when <paramref name="dispatchersOnly"/>).</summary>
    public async Task<IReadOnlyList<string>> GetStaffAsync(string pointCode, bool dispatchersOnly, CancellationToken cancellationToken) =>
        await Db.Set<ServicePointStaff>().AsNoTracking()
            .Where(s => s.PointCode == pointCode && (!dispatchersOnly || s.IsDispatcher))
            .Select(s => s.UserName).OrderBy(s => s).ToListAsync(cancellationToken);

    /// <summary>
    /// The point that supervises <paramref name="pointCode"/> (decides extensions, receives 督办): a window's or a station's
    /// parent; the centre supervises itself.
    /// </summary>
    public async Task<string> GetSupervisingPointAsync(string pointCode, CancellationToken cancellationToken)
    {
        var point = await catalog.FindPointAsync(pointCode, cancellationToken);
        return point?.ParentCode ?? pointCode;
    }

    // ───────────────────────────── register ─────────────────────────────

    public async Task<PipelineResult> RegisterAsync(ClaimsPrincipal? user, RegisterServiceRequest command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var itemCode = command.ItemCode?.Trim() ?? "";
        var description = command.Description?.Trim() ?? "";
        var online = user is null;
        var channel = online ? ServiceChannel.Online : command.Channel;
        if (itemCode.Length == 0)
        {
            errors[nameof(command.ItemCode)] = T["请选择“办理事项”"];
        }

        if (description.Length == 0)
        {
            errors[nameof(command.Description)] = T["请填写“诉求内容”"];
        }
        else if (description.Length > 4000)
        {
            errors[nameof(command.Description)] = T["“诉求内容”最多 4000 个字"];
        }

        if (!Enum.IsDefined(channel))
        {
            errors[nameof(command.Channel)] = T["请选择“受理渠道”"];
        }

        if (string.IsNullOrWhiteSpace(command.ResidentContentItemId))
        {
            if (string.IsNullOrWhiteSpace(command.RequesterName))
            {
                errors[nameof(command.RequesterName)] = T["请填写“申请人姓名”"];
            }

            if (string.IsNullOrWhiteSpace(command.RequesterPhone))
            {
                errors[nameof(command.RequesterPhone)] = T["请填写“联系电话”"];
            }
        }

        if (command.CompleteOnSpotResult is { Length: > 2000 })
        {
            errors[nameof(command.CompleteOnSpotResult)] = T["“办理结果”最多 2000 个字"];
        }

        ServiceGuideInfo? guide = null;
        if (itemCode.Length > 0)
        {
            guide = await catalog.FindGuideAsync(itemCode, cancellationToken);
            if (guide is null)
            {
                errors[nameof(command.ItemCode)] = T["事项“{0}”不存在或办事指南未发布", itemCode];
            }
        }

        if (online && command.CompleteOnSpotResult is not null)
        {
            errors[nameof(command.CompleteOnSpotResult)] = T["网上申请不能当场办结"];
        }

        if (errors.Count > 0 || guide is null)
        {
            return Invalid(null, errors);
        }

        // The registering point: the clerk's point, or the guide's office for the online channel.
        var pointCode = online ? guide.OfficeCode : command.PointCode?.Trim();
        if (string.IsNullOrEmpty(pointCode))
        {
            return Invalid(null, new() { [nameof(command.PointCode)] = T["请选择“受理点”"] });
        }

        var registeredPoint = await catalog.FindPointAsync(pointCode, cancellationToken);
        if (registeredPoint is null || !registeredPoint.Enabled)
        {
            return online
                ? new PipelineResult(null, T["事项“{0}”的办理机构 {1} 不存在或已停用", guide.ItemName, pointCode])
                : Invalid(null, new() { [nameof(command.PointCode)] = T["受理点“{0}”不存在或已停用", pointCode] });
        }

        if (user is not null)
        {
            var actorError = await CheckStaffAsync(user, registeredPoint.Code, registeredPoint.OrgPath, dispatcher: false, cancellationToken);
            if (actorError is not null)
            {
                return new PipelineResult(null, actorError);
            }
        }

        // Where it goes: a liaison forwards to its station; a station (or a window) handles items in its catalogue and
        // forwards the others to its room; a room or the centre dispatches; online goes to the guide's office.
        var events = new List<ServiceRequestEvent>();
        var now = Now;
        var userName = user?.Identity?.Name;
        var handling = registeredPoint;
        if (handling.Kind == ServicePointKind.Liaison)
        {
            var station = handling.ParentCode is { } p ? await catalog.FindPointAsync(p, cancellationToken) : null;
            if (station is null || !station.Enabled)
            {
                return new PipelineResult(null, T["联络员所属的工作站不存在或已停用"]);
            }

            events.Add(Event(ServiceEventKinds.Forwarded, userName, station.Code, T["联络员代办转交工作站"], now));
            handling = station;
        }

        var stage = ServiceStage.AwaitingDispatch;
        var hasAuthority = await catalog.HasAuthorityAsync(handling.Code, guide.ItemCode, cancellationToken);
        if (handling.Kind is ServicePointKind.VillageStation or ServicePointKind.Window)
        {
            if (hasAuthority && !online)
            {
                stage = ServiceStage.InProgress;
            }
            else
            {
                var parent = handling.ParentCode is { } p ? await catalog.FindPointAsync(p, cancellationToken) : null;
                if (parent is null || !parent.Enabled)
                {
                    return new PipelineResult(null, T["受理点“{0}”没有上级工作室，无法转交", handling.Name]);
                }

                events.Add(Event(ServiceEventKinds.Forwarded, userName, parent.Code, T["本受理点无此事项权限，转交{0}", parent.Name], now));
                handling = parent;
                hasAuthority = await catalog.HasAuthorityAsync(handling.Code, guide.ItemCode, cancellationToken);
            }
        }

        var onSpot = command.CompleteOnSpotResult?.Trim() is { Length: > 0 } spot ? spot : null;
        if (onSpot is not null)
        {
            if (!guide.IsImmediate)
            {
                return Invalid(null, new() { [nameof(command.CompleteOnSpotResult)] = T["“{0}”是承诺件，不能当场办结", guide.ItemName] });
            }

            if (!hasAuthority || (handling.Code != registeredPoint.Code && registeredPoint.Kind != ServicePointKind.Liaison))
            {
                return Invalid(null, new() { [nameof(command.CompleteOnSpotResult)] = T["受理点“{0}”的权责清单中没有该事项，不能当场办结", registeredPoint.Name] });
            }

            stage = ServiceStage.Completed;
        }

        // The requester's place.
        var orgUnitCode = string.IsNullOrWhiteSpace(command.OrgUnitCode) ? registeredPoint.OrgUnitCode : command.OrgUnitCode.Trim();
        var unit = await orgUnits.GetAsync(orgUnitCode, cancellationToken);
        if (unit is null)
        {
            return Invalid(null, new() { [nameof(command.OrgUnitCode)] = T["所属村(社区)“{0}”不存在", orgUnitCode] });
        }

        var registeredDate = BusinessTime.ToBusinessDate(now);
        var days = guide.IsImmediate ? 0 : Math.Max(0, guide.TimeLimitDays);
        var dueDate = await calendar.AddWorkingDaysAsync(registeredDate, days, cancellationToken);
        var record = new ServiceRequestRecord
        {
            ItemCode = guide.ItemCode,
            ItemName = guide.ItemName,
            GuideContentItemId = guide.GuideContentItemId,
            Channel = channel,
            InitialClass = guide.IsImmediate ? ServiceClass.Immediate : ServiceClass.Promised,
            Class = guide.IsImmediate ? ServiceClass.Immediate : ServiceClass.Promised,
            Stage = stage,
            RegisteredPointCode = registeredPoint.Code,
            CurrentPointCode = handling.Code,
            CurrentOrgPath = handling.OrgPath,
            TownCode = TownOf(unit.Path) ?? TownOf(handling.OrgPath) ?? "",
            OrgUnitCode = unit.Code,
            OrgPath = unit.Path,
            RegisteredUtc = now,
            RegisteredDate = registeredDate,
            Month = registeredDate.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            TimeLimitDays = days,
            DueDate = dueDate,
            DueUtc = EndOfDayUtc(dueDate),
        };
        var registered = Event(ServiceEventKinds.Registered, userName, registeredPoint.Code, null, now);
        registered.Data = new JsonObject
        {
            ["channel"] = channel.ToString(),
            ["class"] = record.InitialClass.ToString(),
            ["dueDate"] = dueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["residentContentItemId"] = command.ResidentContentItemId,
            ["latitude"] = command.Latitude,
            ["longitude"] = command.Longitude,
        }.ToJsonString();
        events.Insert(0, registered);
        if (onSpot is not null)
        {
            record.CompletedUtc = now;
            record.OfficeCode = handling.Code;
            record.CompletedOnTime = true;
            record.HandlingWorkingDays = 0;
            record.OneVisit = true;
            events.Add(Event(ServiceEventKinds.Completed, userName, handling.Code, onSpot, now));
        }

        string? trackingSecret = null;
        for (var attempt = 1; ; attempt++)
        {
            record.ReceiptCode = NewReceiptCode(registeredDate);
            if (attempt < 5 && await Records.AnyAsync(r => r.ReceiptCode == record.ReceiptCode, cancellationToken))
            {
                continue;
            }

            var (result, retry) = await CreateAsync(command, record, events, unit.Code, userName, cancellationToken);
            if (result.Succeeded)
            {
                trackingSecret = result.TrackingSecret;
                break;
            }

            if (!retry || attempt >= 5)
            {
                return result;
            }
        }

        await RecordAuditAsync(record, "service.request.registered",
            onSpot is null ? $"受理登记 {record.ItemName}（{record.ReceiptCode}）" : $"受理登记并当场办结 {record.ItemName}（{record.ReceiptCode}）",
            new JsonObject { ["receiptCode"] = record.ReceiptCode, ["stage"] = record.Stage.ToString(), ["point"] = record.CurrentPointCode },
            cancellationToken);
        await outbox.FlushAsync(cancellationToken);
        return new PipelineResult(record) { TrackingSecret = trackingSecret };
    }

    /// <summary>Creates the content item, the record and the events in one transaction; Retry when the receipt code collided.</summary>
    private async Task<(PipelineResult Result, bool Retry)> CreateAsync(RegisterServiceRequest command, ServiceRequestRecord record,
        List<ServiceRequestEvent> events, string orgUnitCode, string? userName, CancellationToken cancellationToken)
    {
        var item = await contents.NewAsync(ServiceRequestTypeMigrations.TypeName, cancellationToken);
        var part = ServiceRequestTypeMigrations.TypeName;
        item.OrgUnitCode = orgUnitCode;
        item.Owner = userName;
        item.SetFieldValue(part, "ItemName", record.ItemName);
        item.SetFieldValue(part, "ItemCode", record.ItemCode);
        item.SetFieldValue(part, "Description", command.Description.Trim());
        item.SetFieldValue(part, "RequesterName", Blank(command.RequesterName));
        item.SetFieldValue(part, "RequesterPhone", Blank(command.RequesterPhone));
        item.SetFieldValue(part, "ResidentId", Blank(command.ResidentIdNumber));
        item.SetFieldValue(part, "Channel", ServiceRequestTypeMigrations.Channels.First(c => c.Channel == record.Channel).Value);
        item.SetFieldValue(part, "Address", Blank(command.Address));
        item.SetFieldValue(part, "Attachments", command.AttachmentIds.Count == 0 ? null : new JsonArray([.. command.AttachmentIds.Select(id => (JsonNode?)JsonValue.Create(id))]));
        item.SetFieldValue(part, "ReceiptCode", record.ReceiptCode);

        var owned = Db.Database.CurrentTransaction is null ? await Db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var saved = await contents.CreateAsync(item, VersionOptions.Published, cancellationToken);
            if (saved.Status != CommandStatus.Succeeded)
            {
                if (owned is not null)
                {
                    await owned.RollbackAsync(cancellationToken);
                }

                var fieldErrors = saved.Errors.ToDictionary(e => ParameterOf(e.Key), e => string.Join("；", e.Value), StringComparer.Ordinal);
                return (new PipelineResult(null, saved.Message ?? T["请检查填写的内容"], fieldErrors.Count > 0 ? fieldErrors : null), false);
            }

            record.ContentItemId = saved.Value!.ContentItemId;
            foreach (var e in events)
            {
                e.ContentItemId = record.ContentItemId;
            }

            Db.ChangeTracker.Clear();
            Records.Add(record);
            Db.Set<ServiceRequestEvent>().AddRange(events);
            var (tracking, secret) = trackingSecrets.Issue(record.ContentItemId, record.RegisteredUtc);
            Db.Set<ServiceRequestTracking>().Add(tracking);
            WorkflowEventMessage.Enqueue(outbox, RegisteredEvent, new JsonObject { ["requestId"] = record.ContentItemId, ["receiptCode"] = record.ReceiptCode },
                record.ContentItemId, userName);
            await Db.SaveChangesAsync(cancellationToken);
            if (owned is not null)
            {
                await owned.CommitAsync(cancellationToken);
            }

            Detach(record, events);
            Db.Entry(tracking).State = EntityState.Detached;
            return (new PipelineResult(record) { TrackingSecret = secret }, false);
        }
        catch (DbUpdateException ex) when (owned is not null)
        {
            await owned.RollbackAsync(CancellationToken.None);
            Db.ChangeTracker.Clear();
            logger.LogWarning(ex, "Registering a service request failed (receipt code {Code}); retrying with a new code.", record.ReceiptCode);
            return (new PipelineResult(null, T["登记失败，请重试"]), true);
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }
        }
    }

    // ───────────────────────────── dispatch, accept, send back, arbitrate ─────────────────────────────

    public Task<PipelineResult> DispatchAsync(ClaimsPrincipal user, string requestId, string windowCode, string? comment, CancellationToken cancellationToken) =>
        RunAsync(user, requestId, "dispatch", [ServiceStage.AwaitingDispatch], dispatcher: true, async (record, name) =>
        {
            if (comment is { Length: > 2000 })
            {
                return Field("comment", T["“交办意见”最多 2000 个字"]);
            }

            var window = await FindWindowAsync(windowCode, "windowCode", cancellationToken);
            if (window.Error is not null)
            {
                return window.Error;
            }

            if (window.Point!.ParentCode != record.CurrentPointCode)
            {
                return Field("windowCode", T["窗口“{0}”不属于本中心(工作室)，不能交办", window.Point.Name]);
            }

            // Windows with the item in their catalogue are suggested (IServiceCatalog.FindWindowsAsync); a window without it may
            // send the request back (退单).
            record.DispatchPointCode = record.CurrentPointCode;
            await MoveToAcceptanceAsync(record, window.Point, cancellationToken);
            return Step(Event(ServiceEventKinds.Dispatched, name, window.Point.Code, comment.TrimToNull(), Now), "已交办",
                $"分流交办 {record.ItemName}（{record.ReceiptCode}）至 {window.Point.Name}");
        }, cancellationToken);

    public Task<PipelineResult> AcceptAsync(ClaimsPrincipal user, string requestId, CancellationToken cancellationToken) =>
        RunAsync(user, requestId, "accept", [ServiceStage.AwaitingAcceptance], dispatcher: false, (record, name) =>
        {
            record.Stage = ServiceStage.InProgress;
            record.AcceptedUtc = Now;
            record.AcceptDueUtc = null;
            return Task.FromResult(Step(Event(ServiceEventKinds.Accepted, name, record.CurrentPointCode, null, Now), "已签收",
                $"签收 {record.ItemName}（{record.ReceiptCode}）"));
        }, cancellationToken);

    public Task<PipelineResult> SendBackAsync(ClaimsPrincipal user, string requestId, string reason, CancellationToken cancellationToken) =>
        RunAsync(user, requestId, "accept", [ServiceStage.AwaitingAcceptance], dispatcher: false, async (record, name) =>
        {
            if (CheckText(reason, nameof(reason), "退单理由", out reason) is { } invalidSendBack)
            {
                return invalidSendBack;
            }

            var last = await Db.Set<ServiceRequestEvent>().AsNoTracking()
                .Where(e => e.ContentItemId == record.ContentItemId && (e.Kind == ServiceEventKinds.Dispatched || e.Kind == ServiceEventKinds.Arbitrated))
                .OrderByDescending(e => e.Id).Select(e => e.Kind).FirstOrDefaultAsync(cancellationToken);
            if (last == ServiceEventKinds.Arbitrated)
            {
                return Outcome.Fail(T["该事项已由上级裁定由本窗口办理，不能再退单"]);
            }

            if (await catalog.HasAuthorityAsync(record.CurrentPointCode, record.ItemCode, cancellationToken))
            {
                return Outcome.Fail(T["事项“{0}”在本窗口的权责清单中，不能退单", record.ItemName]);
            }

            var window = record.CurrentPointCode;
            record.SendBackCount++;
            record.AcceptDueUtc = null;
            var dispatchPoint = record.DispatchPointCode ?? await GetSupervisingPointAsync(window, cancellationToken);
            if (record.SendBackCount >= 2)
            {
                // The second send-back: the level above the dispatching point decides (the centre decides for itself).
                var arbiter = await GetSupervisingPointAsync(dispatchPoint, cancellationToken);
                await MoveToAsync(record, arbiter, ServiceStage.AwaitingArbitration, cancellationToken);
            }
            else
            {
                await MoveToAsync(record, dispatchPoint, ServiceStage.AwaitingDispatch, cancellationToken);
            }

            return Step(Event(ServiceEventKinds.SentBack, name, window, reason, Now), "已退单",
                $"退单 {record.ItemName}（{record.ReceiptCode}）：{reason}");
        }, cancellationToken);

    public Task<PipelineResult> ArbitrateAsync(ClaimsPrincipal user, string requestId, string windowCode, string? comment, CancellationToken cancellationToken) =>
        RunAsync(user, requestId, "arbitration", [ServiceStage.AwaitingArbitration], dispatcher: true, async (record, name) =>
        {
            if (comment is { Length: > 2000 })
            {
                return Field("comment", T["“裁定意见”最多 2000 个字"]);
            }

            var window = await FindWindowAsync(windowCode, "windowCode", cancellationToken);
            if (window.Error is not null)
            {
                return window.Error;
            }

            if (window.Point!.ParentCode != record.CurrentPointCode && window.Point.ParentCode != record.DispatchPointCode)
            {
                return Field("windowCode", T["窗口“{0}”不在裁定范围内（应为本级或原分流点的窗口）", window.Point.Name]);
            }

            await MoveToAcceptanceAsync(record, window.Point, cancellationToken);
            return Step(Event(ServiceEventKinds.Arbitrated, name, window.Point.Code, comment.TrimToNull(), Now), "已裁定",
                $"裁定 {record.ItemName}（{record.ReceiptCode}）由 {window.Point.Name} 办理");
        }, cancellationToken);

    // ───────────────────────────── handling ─────────────────────────────

    public Task<PipelineResult> RequestMaterialsAsync(ClaimsPrincipal user, string requestId, IReadOnlyList<string> missingMaterials, string? note, CancellationToken cancellationToken) =>
        RunAsync(user, requestId, "handle", [ServiceStage.InProgress], dispatcher: false, async (record, name) =>
        {
            var materials = (missingMaterials ?? []).Select(m => m?.Trim()).Where(m => !string.IsNullOrEmpty(m)).Distinct(StringComparer.Ordinal).ToList();
            if (materials.Count == 0)
            {
                return Field(nameof(missingMaterials), T["请一次性列出需要补齐的全部材料"]);
            }

            if (materials.Any(m => m!.Length > 200) || materials.Count > 50)
            {
                return Field(nameof(missingMaterials), T["“缺少材料”每项最多 200 个字，最多 50 项"]);
            }

            if (note is { Length: > 2000 })
            {
                return Field(nameof(note), T["“补办说明”最多 2000 个字"]);
            }

            var today = Today;
            var remaining = record.DueDate is { } due ? Math.Max(0, await calendar.CountWorkingDaysAsync(today, due, cancellationToken)) : 0;
            record.RemainingWorkingDays = remaining;
            record.PausedUtc = Now;
            record.DueDate = null;
            record.DueUtc = null;
            record.Stage = ServiceStage.AwaitingMaterials;
            record.Class = ServiceClass.Supplement;
            record.MaterialsRounds++;
            var e = Event(ServiceEventKinds.MaterialsRequested, name, record.CurrentPointCode, note.TrimToNull(), Now);
            e.Data = new JsonObject { ["materials"] = new JsonArray([.. materials.Select(m => (JsonNode?)JsonValue.Create(m))]), ["remainingWorkingDays"] = remaining }.ToJsonString();
            return Step(e, "已补办", $"补办告知 {record.ItemName}（{record.ReceiptCode}）：{string.Join("、", materials)}");
        }, cancellationToken);

    public Task<PipelineResult> ReceiveMaterialsAsync(ClaimsPrincipal user, string requestId, CancellationToken cancellationToken) =>
        RunAsync(user, requestId, "materials", [ServiceStage.AwaitingMaterials], dispatcher: false, async (record, name) =>
        {
            var today = Today;
            var pausedOn = record.PausedUtc is { } paused ? BusinessTime.ToBusinessDate(paused) : today;
            var stopped = Math.Max(0, await calendar.CountWorkingDaysAsync(pausedOn, today, cancellationToken));
            var remaining = record.RemainingWorkingDays ?? 0;
            var due = await calendar.AddWorkingDaysAsync(today, remaining, cancellationToken);
            record.DueDate = due;
            record.DueUtc = EndOfDayUtc(due);
            record.RemainingWorkingDays = null;
            record.PausedUtc = null;
            record.Stage = ServiceStage.InProgress;
            record.Class = record.WasEscalated ? ServiceClass.Escalated : record.InitialClass;
            var e = Event(ServiceEventKinds.MaterialsReceived, name, record.CurrentPointCode, null, Now);
            e.Data = new JsonObject { ["stoppedWorkingDays"] = stopped, ["dueDate"] = Iso(due) }.ToJsonString();
            return Step(e, "已补齐", $"材料补齐 {record.ItemName}（{record.ReceiptCode}），办理时限至 {Iso(due)}");
        }, cancellationToken);

    public Task<PipelineResult> EscalateAsync(ClaimsPrincipal user, string requestId, string reason, CancellationToken cancellationToken) =>
        RunAsync(user, requestId, "handle", [ServiceStage.InProgress], dispatcher: false, async (record, name) =>
        {
            if (CheckText(reason, nameof(reason), "上报理由", out reason) is { } invalidEscalate)
            {
                return invalidEscalate;
            }

            // The level above: a station's room; for a window, the level above its centre or room.
            var current = await catalog.FindPointAsync(record.CurrentPointCode, cancellationToken);
            var level = current?.Kind == ServicePointKind.Window && current.ParentCode is { } p ? await catalog.FindPointAsync(p, cancellationToken) : current;
            var target = level?.ParentCode is { } t ? await catalog.FindPointAsync(t, cancellationToken) : null;
            if (target is null || !target.Enabled)
            {
                return Outcome.Fail(T["已是县级，无法再上报"]);
            }

            var due = await calendar.AddWorkingDaysAsync(Today, record.TimeLimitDays > 0 ? record.TimeLimitDays : DefaultDays, cancellationToken);
            record.DueDate = due;
            record.DueUtc = EndOfDayUtc(due);
            record.Class = ServiceClass.Escalated;
            record.WasEscalated = true;
            record.DispatchPointCode = null;
            await MoveToAsync(record, target.Code, ServiceStage.AwaitingDispatch, cancellationToken);
            var e = Event(ServiceEventKinds.Escalated, name, target.Code, reason, Now);
            e.Data = new JsonObject { ["from"] = current?.Code, ["dueDate"] = Iso(due) }.ToJsonString();
            return Step(e, "已上报", $"上报 {record.ItemName}（{record.ReceiptCode}）至 {target.Name}：{reason}");
        }, cancellationToken);

    public Task<PipelineResult> RequestExtensionAsync(ClaimsPrincipal user, string requestId, int workingDays, string reason, CancellationToken cancellationToken) =>
        RunAsync(user, requestId, "handle", [ServiceStage.InProgress], dispatcher: false, (record, name) =>
        {
            if (workingDays is < 1 or > 60)
            {
                return Task.FromResult(Field(nameof(workingDays), T["“延期天数”必须是 1 到 60 之间的整数（工作日）"]));
            }

            if (CheckText(reason, nameof(reason), "延期理由", out reason) is { } invalidReason)
            {
                return Task.FromResult(invalidReason);
            }

            if (record.DueUtc is not { } due || Now >= due)
            {
                return Task.FromResult(Outcome.Fail(T["已超过办理时限，不能申请延期"]));
            }

            record.Stage = ServiceStage.AwaitingExtension;
            var e = Event(ServiceEventKinds.ExtensionRequested, name, record.CurrentPointCode, reason, Now);
            e.Data = new JsonObject { ["workingDays"] = workingDays }.ToJsonString();
            return Task.FromResult(Step(e, "已申请延期", $"申请延期 {workingDays} 个工作日 {record.ItemName}（{record.ReceiptCode}）：{reason}"));
        }, cancellationToken);

    public Task<PipelineResult> DecideExtensionAsync(ClaimsPrincipal user, string requestId, bool approve, string? comment, CancellationToken cancellationToken) =>
        RunAsync(user, requestId, "extension", [ServiceStage.AwaitingExtension], dispatcher: true, async (record, name) =>
        {
            comment = comment?.Trim();
            if (!approve && string.IsNullOrEmpty(comment))
            {
                return Field(nameof(comment), T["不批准时请填写“审批意见”"]);
            }

            if (comment is { Length: > 2000 })
            {
                return Field(nameof(comment), T["“审批意见”最多 2000 个字"]);
            }

            record.Stage = ServiceStage.InProgress;
            if (!approve)
            {
                return Step(Event(ServiceEventKinds.ExtensionRejected, name, record.CurrentPointCode, comment, Now), "不批准",
                    $"不批准延期 {record.ItemName}（{record.ReceiptCode}）");
            }

            var requested = await Db.Set<ServiceRequestEvent>().AsNoTracking()
                .Where(e => e.ContentItemId == record.ContentItemId && e.Kind == ServiceEventKinds.ExtensionRequested)
                .OrderByDescending(e => e.Id).Select(e => e.Data).FirstOrDefaultAsync(cancellationToken);
            var days = requested is not null && JsonNode.Parse(requested)?["workingDays"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0;
            var due = await calendar.AddWorkingDaysAsync(record.DueDate ?? Today, days, cancellationToken);
            record.DueDate = due;
            record.DueUtc = EndOfDayUtc(due);
            record.ExtensionCount++;
            var ev = Event(ServiceEventKinds.ExtensionApproved, name, record.CurrentPointCode, comment.TrimToNull(), Now);
            ev.Data = new JsonObject { ["workingDays"] = days, ["dueDate"] = Iso(due) }.ToJsonString();
            return Step(ev, "已批准", $"批准延期 {days} 个工作日 {record.ItemName}（{record.ReceiptCode}），办理时限至 {Iso(due)}");
        }, cancellationToken);

    public Task<PipelineResult> CompleteAsync(ClaimsPrincipal user, string requestId, string result, CancellationToken cancellationToken) =>
        RunAsync(user, requestId, "handle", [ServiceStage.InProgress], dispatcher: false, async (record, name) =>
        {
            if (CheckText(result, nameof(result), "办理结果", out result) is { } invalidResult)
            {
                return invalidResult;
            }

            await CompleteRecordAsync(record, cancellationToken);
            return Step(Event(ServiceEventKinds.Completed, name, record.CurrentPointCode, result, Now), "已办结",
                $"办结 {record.ItemName}（{record.ReceiptCode}）");
        }, cancellationToken);

    /// <summary>Completion facts: on time, handling working days without stopped-clock days, one visit.</summary>
    private async Task CompleteRecordAsync(ServiceRequestRecord record, CancellationToken cancellationToken)
    {
        var now = Now;
        var stopped = 0;
        foreach (var data in await Db.Set<ServiceRequestEvent>().AsNoTracking()
            .Where(e => e.ContentItemId == record.ContentItemId && e.Kind == ServiceEventKinds.MaterialsReceived)
            .Select(e => e.Data).ToListAsync(cancellationToken))
        {
            if (data is not null && JsonNode.Parse(data)?["stoppedWorkingDays"] is JsonValue v && v.TryGetValue<int>(out var n))
            {
                stopped += n;
            }
        }

        record.Stage = ServiceStage.Completed;
        record.CompletedUtc = now;
        record.OfficeCode = record.CurrentPointCode;
        record.CompletedOnTime = record.DueUtc is not { } due || now <= due;
        record.HandlingWorkingDays = Math.Max(0, await calendar.CountWorkingDaysAsync(record.RegisteredDate, BusinessTime.ToBusinessDate(now), cancellationToken) - stopped);
        record.OneVisit = record.MaterialsRounds == 0 && record.SendBackCount == 0 && record.RedoCount == 0;
        record.AcceptDueUtc = null;
    }

    // ───────────────────────────── follow-up ─────────────────────────────

    public async Task<PipelineResult> FollowUpAsync(ClaimsPrincipal? user, string requestId, FollowUpMethod method, Satisfaction? satisfaction,
        string? comment, string? redoCause, CancellationToken cancellationToken)
    {
        var record = await LoadTrackedAsync(requestId, cancellationToken);
        if (record is null)
        {
            return new PipelineResult(null, T["事项不存在"]);
        }

        if (user is null)
        {
            if (method != FollowUpMethod.Online)
            {
                return Invalid(record, new() { [nameof(method)] = T["网上回访的“回访方式”只能是网络"] });
            }
        }
        else
        {
            var error = await CheckActorAsync(user, record, [record.RegisteredPointCode, record.OfficeCode, record.DispatchPointCode, record.CurrentPointCode], dispatcher: false, cancellationToken);
            if (error is not null)
            {
                return new PipelineResult(null, error);
            }
        }

        if (record.Stage != ServiceStage.Completed)
        {
            return new PipelineResult(record, T["该事项当前为“{0}”，不能回访", StageText(record.Stage)]);
        }

        if (!Enum.IsDefined(method))
        {
            return Invalid(record, new() { [nameof(method)] = T["请选择“回访方式”"] });
        }

        if (satisfaction is { } s && !Enum.IsDefined(s))
        {
            return Invalid(record, new() { [nameof(satisfaction)] = T["请选择“满意度”"] });
        }

        comment = comment?.Trim();
        redoCause = redoCause?.Trim();
        if (comment is { Length: > 2000 })
        {
            return Invalid(record, new() { [nameof(comment)] = T["“回访意见”最多 2000 个字"] });
        }

        var dissatisfied = satisfaction is Satisfaction.Dissatisfied or Satisfaction.VeryDissatisfied;
        var redo = dissatisfied && record.RedoCount == 0;
        if (redo && string.IsNullOrEmpty(redoCause))
        {
            redoCause = user is null ? comment : null;
            if (string.IsNullOrEmpty(redoCause))
            {
                return Invalid(record, new() { [nameof(redoCause)] = T["不满意时请填写“重办原因”"] });
            }
        }

        if (redoCause is { Length: > 2000 })
        {
            return Invalid(record, new() { [nameof(redoCause)] = T["“重办原因”最多 2000 个字"] });
        }

        var now = Now;
        var name = user?.Identity?.Name;
        record.FollowUpUtc = now;
        record.FollowUpMethod = method;
        record.Satisfaction = satisfaction;
        var followed = Event(ServiceEventKinds.FollowedUp, name, record.OfficeCode, comment.TrimToNull(), now);
        followed.Data = new JsonObject { ["method"] = method.ToString(), ["satisfaction"] = satisfaction is { } sv ? (int)sv : null }.ToJsonString();
        var events = new List<ServiceRequestEvent> { followed };
        string outcome;
        string summary;
        if (redo)
        {
            var office = record.OfficeCode ?? record.CurrentPointCode;
            await MoveToAsync(record, office, ServiceStage.InProgress, cancellationToken);
            var due = await calendar.AddWorkingDaysAsync(Today, record.TimeLimitDays > 0 ? record.TimeLimitDays : DefaultDays, cancellationToken);
            record.DueDate = due;
            record.DueUtc = EndOfDayUtc(due);
            record.RedoCount++;
            record.OneVisit = false;
            record.CompletedUtc = null;
            record.CompletedOnTime = null;
            record.HandlingWorkingDays = null;
            record.IsOverdue = false;
            var reopened = Event(ServiceEventKinds.Reopened, name, office, redoCause, now);
            reopened.Data = new JsonObject { ["dueDate"] = Iso(due) }.ToJsonString();
            events.Add(reopened);
            outcome = "重办";
            summary = $"回访不满意，{record.ItemName}（{record.ReceiptCode}）重办：{redoCause}";
        }
        else
        {
            record.Stage = ServiceStage.Closed;
            events.Add(Event(ServiceEventKinds.Closed, name, record.OfficeCode, null, now));
            outcome = "已回访";
            summary = $"回访 {record.ItemName}（{record.ReceiptCode}）：{Screens.ServiceRequestLabels.SatisfactionText(satisfaction)}，归档";
        }

        return await CommitAsync(record, events, "followup", outcome, name, summary, cancellationToken);
    }

    // ───────────────────────────── supervision ─────────────────────────────

    public async Task<int> SuperviseOverdueAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        var ids = await Records.AsNoTracking()
            .Where(r => r.DueUtc != null && r.DueUtc < now && !r.IsOverdue
                && r.Stage != ServiceStage.Completed && r.Stage != ServiceStage.Closed && r.Stage != ServiceStage.AwaitingMaterials)
            .OrderBy(r => r.DueUtc).Select(r => r.ContentItemId).Take(1000).ToListAsync(cancellationToken);
        var count = 0;
        foreach (var id in ids)
        {
            if (await SuperviseAsync(id, cancellationToken))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// 督办 one request when it is past its deadline and not completed: IsOverdue, SupervisedUtc, a "supervised" event, and
    /// notifications to the staff of the point holding it and the dispatchers of the point above. False when not overdue
    /// (or already supervised).
    /// </summary>
    public async Task<bool> SuperviseAsync(string requestId, CancellationToken cancellationToken)
    {
        var record = await LoadTrackedAsync(requestId, cancellationToken);
        var now = Now;
        if (record is null || record.IsOverdue || record.DueUtc is not { } due || due > now
            || record.Stage is ServiceStage.Completed or ServiceStage.Closed or ServiceStage.AwaitingMaterials)
        {
            Detach(record, []);
            return false;
        }

        record.IsOverdue = true;
        record.SupervisedUtc = now;
        record.Version++;
        var e = Event(ServiceEventKinds.Supervised, null, record.CurrentPointCode, null, now);
        e.ContentItemId = record.ContentItemId;
        e.Data = new JsonObject { ["dueDate"] = record.DueDate is { } d ? Iso(d) : null }.ToJsonString();
        Db.Set<ServiceRequestEvent>().Add(e);
        try
        {
            await Db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            Db.ChangeTracker.Clear();
            return false;
        }

        Detach(record, [e]);
        await RecordAuditAsync(record, "service.request.supervised", $"督办逾期事项 {record.ItemName}（{record.ReceiptCode}）",
            new JsonObject { ["dueDate"] = record.DueDate is { } dd ? Iso(dd) : null, ["point"] = record.CurrentPointCode }, cancellationToken);
        var superior = await GetSupervisingPointAsync(record.CurrentPointCode, cancellationToken);
        var recipients = (await GetStaffAsync(record.CurrentPointCode, false, cancellationToken))
            .Concat(await GetStaffAsync(superior, true, cancellationToken)).Distinct(StringComparer.Ordinal).ToList();
        await NotifyAsync(recipients, T["督办：{0}（{1}）已逾期", record.ItemName, record.ReceiptCode],
            T["办理时限 {0} 已过，请尽快办结。", record.DueDate is { } dt ? Iso(dt) : ""], record.ContentItemId, null, cancellationToken);
        return true;
    }

    /// <summary>Writes in-app notifications (when the workflows feature provides them); returns how many.</summary>
    public async Task<int> NotifyAsync(IEnumerable<string> userNames, string title, string? body, string requestId, string? instanceId, CancellationToken cancellationToken)
    {
        var sender = services.GetService<INotificationSender>();
        if (sender is null)
        {
            return 0;
        }

        try
        {
            return await sender.NotifyUsersAsync(userNames, title, body, HandlerUrl(requestId), instanceId, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Notifications for service request {Request} failed.", requestId);
            return 0;
        }
    }

    /// <summary>The staff page of a request.</summary>
    public static string HandlerUrl(string requestId) => $"/admin/service/requests/{Uri.EscapeDataString(requestId)}";

    // ───────────────────────────── plumbing ─────────────────────────────

    /// <summary>What a command's body decided: an event to record with the workflow outcome, or an error.</summary>
    private sealed record Outcome(ServiceRequestEvent? Event, string? StepOutcome, string? Summary, string? Error, IReadOnlyDictionary<string, string>? FieldErrors)
    {
        public static Outcome Fail(string error) => new(null, null, null, error, null);
    }

    private static Outcome Step(ServiceRequestEvent e, string outcome, string summary) => new(e, outcome, summary, null, null);

    /// <summary>A required text of at most 2000 characters, trimmed into <paramref name="text"/>; the error names the field.</summary>
    private Outcome? CheckText(string? value, string parameter, string label, out string text)
    {
        text = value?.Trim() ?? "";
        return text.Length == 0 ? Field(parameter, T["请填写“{0}”", T[label]])
            : text.Length > 2000 ? Field(parameter, T["“{0}”最多 2000 个字", T[label]])
            : null;
    }

    private Outcome Field(string name, string message) => new(null, null, null, T["请检查填写的内容"], new Dictionary<string, string> { [name] = message });

    private async Task<PipelineResult> RunAsync(ClaimsPrincipal user, string requestId, string step, ServiceStage[] stages, bool dispatcher,
        Func<ServiceRequestRecord, string?, Task<Outcome>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var record = await LoadTrackedAsync(requestId, cancellationToken);
        if (record is null)
        {
            return new PipelineResult(null, T["事项不存在"]);
        }

        // Extension decisions belong to the dispatchers of the point above the one handling it.
        var actingPoint = step == "extension" ? await GetSupervisingPointAsync(record.CurrentPointCode, cancellationToken) : record.CurrentPointCode;
        var error = await CheckActorAsync(user, record, [actingPoint], dispatcher, cancellationToken);
        if (error is not null)
        {
            Detach(record, []);
            return new PipelineResult(null, error);
        }

        if (!stages.Contains(record.Stage))
        {
            Detach(record, []);
            return new PipelineResult(record, T["该事项当前为“{0}”，不能进行此操作", StageText(record.Stage)]);
        }

        var name = user.Identity?.Name;
        var outcome = await body(record, name);
        if (outcome.Event is null)
        {
            Detach(record, []);
            var fresh = await FindAsync(requestId, cancellationToken);
            return new PipelineResult(fresh, outcome.Error ?? T["请检查填写的内容"], outcome.FieldErrors);
        }

        return await CommitAsync(record, [outcome.Event], step, outcome.StepOutcome!, name, outcome.Summary!, cancellationToken);
    }

    private async Task<PipelineResult> CommitAsync(ServiceRequestRecord record, List<ServiceRequestEvent> events, string step, string outcome,
        string? userName, string summary, CancellationToken cancellationToken)
    {
        record.Version++;
        foreach (var e in events)
        {
            e.ContentItemId = record.ContentItemId;
        }

        Db.Set<ServiceRequestEvent>().AddRange(events);
        WorkflowEventMessage.Enqueue(outbox, StepEvent, new JsonObject { ["step"] = step, ["outcome"] = outcome, ["requestId"] = record.ContentItemId },
            record.ContentItemId, userName);
        try
        {
            await Db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            Db.ChangeTracker.Clear();
            return new PipelineResult(await FindAsync(record.ContentItemId, cancellationToken), T["该事项已被他人办理，请刷新"]);
        }

        Detach(record, events);
        await RecordAuditAsync(record, "service.request." + events[^1].Kind, summary,
            new JsonObject { ["step"] = step, ["outcome"] = outcome, ["stage"] = record.Stage.ToString(), ["point"] = record.CurrentPointCode },
            cancellationToken);
        await outbox.FlushAsync(cancellationToken);
        return new PipelineResult(record);
    }

    private async Task<ServiceRequestRecord?> LoadTrackedAsync(string requestId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(requestId))
        {
            return null;
        }

        foreach (var entry in Db.ChangeTracker.Entries<ServiceRequestRecord>().Where(e => e.Entity.ContentItemId == requestId).ToList())
        {
            entry.State = EntityState.Detached;
        }

        return await Records.FirstOrDefaultAsync(r => r.ContentItemId == requestId, cancellationToken);
    }

    private void Detach(ServiceRequestRecord? record, IEnumerable<ServiceRequestEvent> events)
    {
        if (record is not null)
        {
            Db.Entry(record).State = EntityState.Detached;
        }

        foreach (var e in events)
        {
            Db.Entry(e).State = EntityState.Detached;
        }
    }

    /// <summary>Null when <paramref name="user"/> may act at one of <paramref name="pointCodes"/>, else the Chinese refusal.</summary>
    private async Task<string?> CheckActorAsync(ClaimsPrincipal user, ServiceRequestRecord record, IEnumerable<string?> pointCodes, bool dispatcher, CancellationToken cancellationToken)
    {
        var codes = pointCodes.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        foreach (var code in codes)
        {
            if (await CheckStaffAsync(user, code, record.CurrentOrgPath, dispatcher, cancellationToken) is null)
            {
                return null;
            }
        }

        return await CheckStaffAsync(user, codes.FirstOrDefault() ?? record.CurrentPointCode, record.CurrentOrgPath, dispatcher, cancellationToken);
    }

    private async Task<string?> CheckStaffAsync(ClaimsPrincipal user, string pointCode, string orgPath, bool dispatcher, CancellationToken cancellationToken)
    {
        if (user.Identity?.Name is not { Length: > 0 } name)
        {
            return T["请先登录"];
        }

        if (!await authorization.AuthorizeAsync(user, ServiceRequestPermissions.HandleServiceRequests))
        {
            return T["您没有受理和办理群众诉求的权限"];
        }

        var points = await catalog.GetUserPointsAsync(name, cancellationToken);
        if (points.Any(p => p.Point.Code == pointCode && (!dispatcher || p.IsDispatcher)))
        {
            return null;
        }

        if (await authorization.AuthorizeAsync(user, ServiceRequestPermissions.ManageServiceNetwork)
            && (await jurisdictions.GetAsync(user, cancellationToken)).Contains(orgPath))
        {
            return null;
        }

        var point = await catalog.FindPointAsync(pointCode, cancellationToken);
        return dispatcher
            ? T["您不是“{0}”的分流人员，不能办理该事项", point?.Name ?? pointCode]
            : T["您不是“{0}”的工作人员，不能办理该事项", point?.Name ?? pointCode];
    }

    private async Task<(ServicePoint? Point, Outcome? Error)> FindWindowAsync(string? code, string field, CancellationToken cancellationToken)
    {
        code = code?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            return (null, Field(field, T["请选择“窗口”"]));
        }

        var point = await catalog.FindPointAsync(code, cancellationToken);
        if (point is null || !point.Enabled || point.Kind != ServicePointKind.Window)
        {
            return (null, Field(field, T["窗口“{0}”不存在或已停用", code]));
        }

        return (point, null);
    }

    private async Task MoveToAcceptanceAsync(ServiceRequestRecord record, ServicePoint window, CancellationToken cancellationToken)
    {
        record.Stage = ServiceStage.AwaitingAcceptance;
        record.CurrentPointCode = window.Code;
        record.CurrentOrgPath = window.OrgPath;
        record.AcceptedUtc = null;
        record.AcceptDueUtc = EndOfDayUtc(await calendar.AddWorkingDaysAsync(Today, AcceptDays, cancellationToken));
    }

    private async Task MoveToAsync(ServiceRequestRecord record, string pointCode, ServiceStage stage, CancellationToken cancellationToken)
    {
        var point = await catalog.FindPointAsync(pointCode, cancellationToken);
        record.Stage = stage;
        record.CurrentPointCode = pointCode;
        record.CurrentOrgPath = point?.OrgPath ?? record.CurrentOrgPath;
    }

    private async Task RecordAuditAsync(ServiceRequestRecord record, string action, string summary, JsonObject data, CancellationToken cancellationToken)
    {
        data["receiptCode"] = record.ReceiptCode;
        try
        {
            await audit.RecordAsync(new AuditEvent
            {
                Category = AuditCategory,
                Action = action,
                Summary = summary,
                ContentItemId = record.ContentItemId,
                ContentType = ServiceRequestTypeMigrations.TypeName,
                OrgUnitCode = record.OrgUnitCode,
                Data = data,
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Audit of {Action} for service request {Request} failed.", action, record.ContentItemId);
        }
    }

    private static ServiceRequestEvent Event(string kind, string? userName, string? pointCode, string? reason, DateTime at) =>
        new() { Kind = kind, UserName = userName, PointCode = pointCode, Reason = reason, AtUtc = at };

    private static PipelineResult Invalid(ServiceRequestRecord? record, Dictionary<string, string> errors) =>
        new(record, errors.Values.FirstOrDefault() ?? "请检查填写的内容", errors);

    private static JsonValue? Blank(string? text) => JsonValue.Create(text.TrimToNull());

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The 9-digit town code in an org path (/county/town/village/), or null.</summary>
    internal static string? TownOf(string? path) =>
        path?.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(s => s.Length == 9);

    /// <summary>A receipt code: the CST date and 6 Crockford base32 characters from a CSPRNG.</summary>
    internal static string NewReceiptCode(DateOnly date)
    {
        Span<char> random = stackalloc char[6];
        for (var i = 0; i < random.Length; i++)
        {
            random[i] = Crockford[RandomNumberGenerator.GetInt32(Crockford.Length)];
        }

        return date.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + new string(random);
    }

    /// <summary>The command parameter a content validation path ("ServiceRequest.RequesterPhone") belongs to.</summary>
    private static string ParameterOf(string path)
    {
        var field = path.Contains('.', StringComparison.Ordinal) ? path[(path.LastIndexOf('.') + 1)..] : path;
        return field switch
        {
            "ResidentId" => nameof(RegisterServiceRequest.ResidentIdNumber),
            "Attachments" => nameof(RegisterServiceRequest.AttachmentIds),
            "orgUnitCode" => nameof(RegisterServiceRequest.OrgUnitCode),
            _ => field,
        };
    }

    /// <summary>The Chinese name of a stage (also the ServiceRoute outcome).</summary>
    public static string StageText(ServiceStage stage) => stage switch
    {
        ServiceStage.AwaitingDispatch => "待分流",
        ServiceStage.AwaitingAcceptance => "待签收",
        ServiceStage.InProgress => "办理中",
        ServiceStage.AwaitingMaterials => "待补件",
        ServiceStage.AwaitingExtension => "延期审批中",
        ServiceStage.AwaitingArbitration => "待裁定",
        ServiceStage.Completed => "已办结",
        ServiceStage.Closed => "已归档",
        _ => stage.ToString(),
    };

}
