using System.Security.Claims;
using Grassroots.Calendar;
using Grassroots.ContentManagement;
using Grassroots.Data;
using Grassroots.Security;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Grassroots.ServiceRequests.Screens;

/// <summary>Filters of the request list (诉求列表) and of <c>GET /api/service-requests</c>.</summary>
public sealed class ServiceRequestFilter
{
    /// <summary>"mine" (我的队列), "all" (全部, the default) or "overdue" (已逾期).</summary>
    public string? Tab { get; set; }

    public string? Stage { get; set; }

    public string? Class { get; set; }

    public string? Channel { get; set; }

    /// <summary>Town code (9 digits).</summary>
    public string? Town { get; set; }

    /// <summary>Item code.</summary>
    public string? Item { get; set; }

    /// <summary>Registered on or after (yyyy-MM-dd, CST).</summary>
    public string? From { get; set; }

    /// <summary>Registered on or before (yyyy-MM-dd, CST).</summary>
    public string? To { get; set; }

    /// <summary>Receipt code (受理回执码), exact or its beginning.</summary>
    public string? Code { get; set; }

    public int Page { get; set; } = 1;
}

/// <summary>How the deadline of a request stands now.</summary>
/// <param name="Kind">"immediate" 即办, "paused" 已停止计时, "overdue" 已逾期, "remaining" 剩余, "done" 已办结, "none".</param>
/// <param name="Days">Working days remaining / overdue / left when stopped.</param>
public sealed record DeadlineState(string Kind, int Days, DateOnly? DueDate);

/// <summary>One page of requests.</summary>
public sealed record ServiceRequestPage(IReadOnlyList<ServiceRequestRecord> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Reads requests for staff: the jurisdiction filter is part of the SQL (requests whose org path or current point's
/// org path lies under the user's unit, plus anything at points the user staffs), never applied after loading.
/// </summary>
public sealed class ServiceRequestQueries(
    IDbContextAccessor db,
    IAuthorizationService authorization,
    IJurisdictionService jurisdictions,
    IServiceCatalog catalog,
    IBusinessCalendar calendar,
    IContentManager contentManager,
    ISensitiveDataService sensitive,
    TimeProvider clock)
{
    public const int PageSize = 50;

    private IReadOnlyList<ServicePointStaffView>? _points;

    /// <summary>The points the user staffs (cached for the request).</summary>
    public async Task<IReadOnlyList<ServicePointStaffView>> UserPointsAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
        => _points ??= user.Identity?.Name is { Length: > 0 } name ? await catalog.GetUserPointsAsync(name, cancellationToken) : [];

    /// <summary>受理、分流和办理: register and act (at one's own points; the pipeline checks the point).</summary>
    public Task<bool> CanHandleAsync(ClaimsPrincipal user) => authorization.AuthorizeAsync(user, ServiceRequestPermissions.HandleServiceRequests);

    /// <summary>See requests in the jurisdiction (handlers see them too).</summary>
    public async Task<bool> CanViewAsync(ClaimsPrincipal user)
        => await authorization.AuthorizeAsync(user, ServiceRequestPermissions.ViewServiceRequests) || await CanHandleAsync(user);

    /// <summary>Every request the user may see.</summary>
    public async Task<IQueryable<ServiceRequestRecord>> VisibleAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var jurisdiction = await jurisdictions.GetAsync(user, cancellationToken);
        var points = (await UserPointsAsync(user, cancellationToken)).Select(p => p.Point.Code).ToList();
        return db.DbContext.Set<ServiceRequestRecord>().AsNoTracking()
            .WithinJurisdiction(jurisdiction, [r => r.OrgPath, r => r.CurrentOrgPath], r => points.Contains(r.CurrentPointCode));
    }

    /// <summary>
    /// A request for a screen or API call: Forbidden when the user lacks the permission (to handle when
    /// <paramref name="handle"/>, else to view), else the request or null when missing or outside the jurisdiction.
    /// </summary>
    public async Task<(ServiceRequestRecord? Record, bool Forbidden)> OpenAsync(ClaimsPrincipal user, string id, bool handle,
        CancellationToken cancellationToken)
    {
        if (!await (handle ? CanHandleAsync(user) : CanViewAsync(user)))
        {
            return (null, true);
        }

        return (await FindVisibleAsync(user, id, cancellationToken), false);
    }

    /// <summary>A request the user may see, or null (outside the jurisdiction looks the same as missing).</summary>
    public async Task<ServiceRequestRecord?> FindVisibleAsync(ClaimsPrincipal user, string id, CancellationToken cancellationToken)
        => await (await VisibleAsync(user, cancellationToken)).FirstOrDefaultAsync(r => r.ContentItemId == id, cancellationToken);

    /// <summary>Validates the filter; returns Chinese messages by filter name.</summary>
    public static Dictionary<string, string> Validate(ServiceRequestFilter filter, IStringLocalizer T)
    {
        var errors = new Dictionary<string, string>();
        if (!string.IsNullOrWhiteSpace(filter.Stage) && !ServiceRequestLabels.TryParse(ServiceRequestLabels.Stages, filter.Stage, out _))
        {
            errors["stage"] = T["办理阶段「{0}」无效", filter.Stage];
        }

        if (!string.IsNullOrWhiteSpace(filter.Class) && !ServiceRequestLabels.TryParse(ServiceRequestLabels.Classes, filter.Class, out _))
        {
            errors["class"] = T["办件类型「{0}」无效", filter.Class];
        }

        if (!string.IsNullOrWhiteSpace(filter.Channel) && !ServiceRequestLabels.TryParse(ServiceRequestLabels.Channels, filter.Channel, out _))
        {
            errors["channel"] = T["受理渠道「{0}」无效", filter.Channel];
        }

        if (!string.IsNullOrWhiteSpace(filter.From) && !CalendarDayText.TryParseDate(filter.From, out _))
        {
            errors["from"] = T["开始日期应为 yyyy-MM-dd"];
        }

        if (!string.IsNullOrWhiteSpace(filter.To) && !CalendarDayText.TryParseDate(filter.To, out _))
        {
            errors["to"] = T["结束日期应为 yyyy-MM-dd"];
        }

        return errors;
    }

    /// <summary>The filtered page, sorted by deadline (no deadline last).</summary>
    public async Task<ServiceRequestPage> ListAsync(ClaimsPrincipal user, ServiceRequestFilter filter, CancellationToken cancellationToken)
    {
        var query = await VisibleAsync(user, cancellationToken);
        switch (filter.Tab)
        {
            case "mine":
                var mine = (await UserPointsAsync(user, cancellationToken)).Select(p => p.Point.Code).ToList();
                query = query.Where(r => mine.Contains(r.CurrentPointCode) && r.Stage != ServiceStage.Closed);
                break;
            case "overdue":
                query = query.Where(r => r.IsOverdue && r.Stage != ServiceStage.Completed && r.Stage != ServiceStage.Closed);
                break;
        }

        if (ServiceRequestLabels.TryParse(ServiceRequestLabels.Stages, filter.Stage, out var stage))
        {
            query = query.Where(r => r.Stage == stage);
        }

        if (ServiceRequestLabels.TryParse(ServiceRequestLabels.Classes, filter.Class, out var @class))
        {
            query = query.Where(r => r.Class == @class);
        }

        if (ServiceRequestLabels.TryParse(ServiceRequestLabels.Channels, filter.Channel, out var channel))
        {
            query = query.Where(r => r.Channel == channel);
        }

        if (!string.IsNullOrWhiteSpace(filter.Town))
        {
            var town = filter.Town.Trim();
            query = query.Where(r => r.TownCode == town);
        }

        if (!string.IsNullOrWhiteSpace(filter.Item))
        {
            var item = filter.Item.Trim();
            query = query.Where(r => r.ItemCode == item);
        }

        if (CalendarDayText.TryParseDate(filter.From, out var from))
        {
            query = query.Where(r => r.RegisteredDate >= from);
        }

        if (CalendarDayText.TryParseDate(filter.To, out var to))
        {
            query = query.Where(r => r.RegisteredDate <= to);
        }

        if (!string.IsNullOrWhiteSpace(filter.Code))
        {
            var code = filter.Code.Trim().ToUpperInvariant();
            query = query.Where(r => r.ReceiptCode.StartsWith(code));
        }

        var total = await query.CountAsync(cancellationToken);
        var page = Math.Max(1, filter.Page);
        var items = await query.OrderBy(r => r.DueUtc == null).ThenBy(r => r.DueUtc).ThenByDescending(r => r.RegisteredUtc)
            .ThenBy(r => r.ContentItemId)
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        return new ServiceRequestPage(items, total, page, PageSize);
    }

    /// <summary>督办清单: overdue and not completed, in jurisdiction, most overdue first.</summary>
    public async Task<IReadOnlyList<ServiceRequestRecord>> SupervisionAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
        => await (await VisibleAsync(user, cancellationToken))
            .Where(r => r.IsOverdue && r.Stage != ServiceStage.Completed && r.Stage != ServiceStage.Closed)
            .OrderBy(r => r.DueUtc == null).ThenBy(r => r.DueUtc).ThenBy(r => r.ContentItemId)
            .Take(500).ToListAsync(cancellationToken);

    /// <summary>Where the deadline of a request stands today (CST, working days of the business calendar).</summary>
    public async Task<DeadlineState> DeadlineAsync(ServiceRequestRecord record, CancellationToken cancellationToken)
    {
        if (record.Stage is ServiceStage.Completed or ServiceStage.Closed)
        {
            return new DeadlineState("done", 0, record.DueDate);
        }

        if (record.Stage == ServiceStage.AwaitingMaterials || (record.DueDate is null && record.RemainingWorkingDays is not null))
        {
            return new DeadlineState("paused", record.RemainingWorkingDays ?? 0, null);
        }

        if (record.DueDate is not { } due)
        {
            return record.InitialClass == ServiceClass.Immediate || record.TimeLimitDays == 0
                ? new DeadlineState("immediate", 0, null)
                : new DeadlineState("none", 0, null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = ServiceRequestLabels.Today(now);
        if (record.DueUtc is { } dueUtc ? dueUtc < now : due < today)
        {
            return new DeadlineState("overdue", Math.Max(1, await calendar.CountWorkingDaysAsync(due, today, cancellationToken)), due);
        }

        return new DeadlineState("remaining", Math.Max(0, await calendar.CountWorkingDaysAsync(today, due, cancellationToken)), due);
    }

    /// <summary>The request document (latest version), masked unless revealed to the user.</summary>
    public async Task<ContentItem?> ProtectedItemAsync(ClaimsPrincipal user, string id, CancellationToken cancellationToken)
    {
        var item = await contentManager.GetAsync(id, VersionOptions.Latest, cancellationToken);
        return item is null ? null : await sensitive.ProtectAsync(user, item, cancellationToken);
    }

    /// <summary>Requester name and phone of each request, masked per the user's permission.</summary>
    public async Task<Dictionary<string, (string Name, string Phone)>> RequestersAsync(ClaimsPrincipal user, IEnumerable<string> ids,
        CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, (string, string)>();
        foreach (var id in ids)
        {
            var item = await ProtectedItemAsync(user, id, cancellationToken);
            result[id] = item is null ? ("", "") : (Field(item, "RequesterName"), Field(item, "RequesterPhone"));
        }

        return result;
    }

    /// <summary>A text field of the request's part.</summary>
    public static string Field(ContentItem item, string field)
    {
        var node = item.GetFieldValue("ServiceRequest", field);
        return node switch
        {
            null => "",
            System.Text.Json.Nodes.JsonValue v when v.TryGetValue<string>(out var s) => s,
            System.Text.Json.Nodes.JsonValue v => v.ToJsonString(),
            System.Text.Json.Nodes.JsonObject o when o["value"] is { } inner => inner is System.Text.Json.Nodes.JsonValue iv && iv.TryGetValue<string>(out var s2) ? s2 : inner.ToJsonString(),
            _ => node.ToJsonString(),
        };
    }

    /// <summary>The attachments (id, file name) of the request.</summary>
    public static IReadOnlyList<(string Id, string FileName)> Attachments(ContentItem item)
    {
        var node = item.GetFieldValue("ServiceRequest", "Attachments");
        if (node is System.Text.Json.Nodes.JsonObject { } wrapper && wrapper["value"] is { } inner)
        {
            node = inner;
        }

        var entries = node switch
        {
            System.Text.Json.Nodes.JsonArray array => array.OfType<System.Text.Json.Nodes.JsonObject>().ToList(),
            System.Text.Json.Nodes.JsonObject obj => [obj],
            _ => [],
        };
        return [.. entries.Select(o => (o["id"]?.GetValue<string>() ?? "", o["fileName"]?.GetValue<string>() ?? o["id"]?.GetValue<string>() ?? ""))
            .Where(a => a.Item1.Length > 0)];
    }
}
