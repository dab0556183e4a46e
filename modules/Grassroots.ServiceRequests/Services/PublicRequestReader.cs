using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.Data;
using Grassroots.OrgUnits;
using Grassroots.ServiceRequests.Models;
using Grassroots.Settings;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.ServiceRequests.Services;

/// <summary>
/// One public step of a request: its kind and time, no staff and no reasons; <see cref="Detail"/> only for a 补办 notice
/// (the missing materials) and for 办结 (the result).
/// </summary>
public sealed record PublicTimelineEntry(string Kind, string Label, DateTime AtUtc, string? Detail = null);

/// <summary>
/// What the public may see of a request (the portal's tracking page and Open311): stage, item, office, place (the org
/// unit's name), dates, the missing materials while the clock is stopped and the completion result. Never the
/// requester's name, phone, ID number, address text or description.
/// </summary>
public sealed record PublicRequestView(
    ServiceRequestRecord Record,
    string StageText,
    bool IsOpen,
    string? OfficeName,
    string? PlaceName,
    IReadOnlyList<string> MissingMaterials,
    string? CompletionResult,
    DateTime UpdatedUtc,
    double? Latitude,
    double? Longitude,
    IReadOnlyList<PublicTimelineEntry> Timeline);

/// <summary>Reads requests for the public (portal tracking, Open311).</summary>
public sealed class PublicRequestReader(IDbContextAccessor db, IServiceCatalog catalog, IContentManager contentManager, ISiteSettingsStore siteSettings, IOrgUnitService orgUnits)
{
    /// <summary>The content part of ServiceRequest items.</summary>
    public const string RequestPart = "ServiceRequest";

    /// <summary>Chinese stage text for residents.</summary>
    public static string StageText(ServiceStage stage) => stage switch
    {
        ServiceStage.AwaitingDispatch => "已受理，待分派",
        ServiceStage.AwaitingAcceptance => "已分派，待承办单位签收",
        ServiceStage.InProgress => "办理中",
        ServiceStage.AwaitingMaterials => "待补齐材料",
        ServiceStage.AwaitingExtension => "办理中（延期审批中）",
        ServiceStage.AwaitingArbitration => "已受理，待上级确定承办单位",
        ServiceStage.Completed => "已办结",
        ServiceStage.Closed => "已办结（已回访）",
        _ => "已受理",
    };

    /// <summary>Chinese labels of the event kinds on the public timeline.</summary>
    public static string EventLabel(string kind) => kind switch
    {
        ServiceEventKinds.Registered => "受理登记",
        ServiceEventKinds.Forwarded => "转交上级服务中心",
        ServiceEventKinds.Dispatched => "分派承办窗口",
        ServiceEventKinds.Accepted => "承办单位签收",
        ServiceEventKinds.SentBack => "退回重新分派",
        ServiceEventKinds.Arbitrated => "上级确定承办单位",
        ServiceEventKinds.MaterialsRequested => "一次性告知补齐材料（停止计时）",
        ServiceEventKinds.MaterialsReceived => "材料已补齐（恢复计时）",
        ServiceEventKinds.Escalated => "上报上级办理",
        ServiceEventKinds.ExtensionRequested => "申请延期",
        ServiceEventKinds.ExtensionApproved => "延期获批",
        ServiceEventKinds.ExtensionRejected => "延期未获批准",
        ServiceEventKinds.Supervised => "超期督办",
        ServiceEventKinds.Completed => "办结",
        ServiceEventKinds.FollowedUp => "回访",
        ServiceEventKinds.Reopened => "重新办理",
        ServiceEventKinds.Closed => "归档",
        _ => "办理",
    };

    /// <summary>Open = not completed (Completed and Closed count as closed for Open311).</summary>
    public static bool IsOpenStage(ServiceStage stage) => stage is not (ServiceStage.Completed or ServiceStage.Closed);

    /// <summary>The county's code (site setting "CountyCode", else the root org unit): Open311's jurisdiction_id.</summary>
    public async Task<string?> CountyCodeAsync(CancellationToken cancellationToken)
    {
        var site = await siteSettings.GetAsync(ISiteSettingsStore.Site, cancellationToken);
        return site["CountyCode"] is JsonValue v && v.TryGetValue<string>(out var code) && !string.IsNullOrWhiteSpace(code)
            ? code
            : (await orgUnits.GetRootAsync(cancellationToken))?.Code;
    }

    public IQueryable<ServiceRequestRecord> Requests => db.DbContext.Set<ServiceRequestRecord>().AsNoTracking();

    /// <summary>The request with <paramref name="receiptCode"/> (case-insensitive, trimmed), or null.</summary>
    public async Task<ServiceRequestRecord?> FindByReceiptAsync(string? receiptCode, CancellationToken cancellationToken)
    {
        var code = NormalizeReceipt(receiptCode);
        return code is null ? null : await Requests.FirstOrDefaultAsync(r => r.ReceiptCode == code, cancellationToken);
    }

    /// <summary>Receipt codes are upper case; residents type them in any case, with blanks.</summary>
    public static string? NormalizeReceipt(string? receiptCode)
    {
        var code = receiptCode?.Trim().ToUpperInvariant();
        return string.IsNullOrEmpty(code) || code.Length > 20 ? null : code;
    }

    /// <summary>Public views of <paramref name="records"/>, in the same order.</summary>
    public async Task<IReadOnlyList<PublicRequestView>> ViewAsync(IReadOnlyList<ServiceRequestRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return [];
        }

        var ids = records.Select(r => r.ContentItemId).ToList();
        var events = await db.DbContext.Set<ServiceRequestEvent>().AsNoTracking()
            .Where(e => ids.Contains(e.ContentItemId))
            .OrderBy(e => e.Id)
            .ToListAsync(cancellationToken);
        var eventsById = events.GroupBy(e => e.ContentItemId).ToDictionary(g => g.Key, g => g.ToList());

        var unitCodes = records.Select(r => r.OrgUnitCode).Distinct().ToList();
        var units = await db.DbContext.Set<OrgUnit>().AsNoTracking()
            .Where(u => unitCodes.Contains(u.Code))
            .Select(u => new { u.Code, u.Name })
            .ToDictionaryAsync(u => u.Code, u => u.Name, cancellationToken);

        var officeNames = new Dictionary<string, string?>(StringComparer.Ordinal);
        var views = new List<PublicRequestView>(records.Count);
        foreach (var record in records)
        {
            var office = record.OfficeCode ?? record.CurrentPointCode;
            if (!officeNames.TryGetValue(office, out var officeName))
            {
                officeName = string.IsNullOrEmpty(office) ? null : (await catalog.FindPointAsync(office, cancellationToken))?.Name;
                officeNames[office] = officeName;
            }

            var list = eventsById.GetValueOrDefault(record.ContentItemId) ?? [];
            var (latitude, longitude) = await LocationAsync(record, list, cancellationToken);
            views.Add(new PublicRequestView(
                record,
                StageText(record.Stage),
                IsOpenStage(record.Stage),
                officeName,
                units.GetValueOrDefault(record.OrgUnitCode),
                record.Stage == ServiceStage.AwaitingMaterials ? MissingMaterials(list) : [],
                record.Stage is ServiceStage.Completed or ServiceStage.Closed ? CompletionResult(list) : null,
                list.Count == 0 ? record.RegisteredUtc : list.Max(e => e.AtUtc),
                latitude,
                longitude,
                list.Select(e => new PublicTimelineEntry(e.Kind, EventLabel(e.Kind), e.AtUtc, PublicDetail(e))).ToList()));
        }

        return views;
    }

    /// <summary>The phone the request was registered with (the request item's RequesterPhone), or null.</summary>
    public async Task<string?> RequesterPhoneAsync(string requestId, CancellationToken cancellationToken)
    {
        var item = await contentManager.GetAsync(requestId, VersionOptions.Latest, cancellationToken);
        return item?.GetFieldValue(RequestPart, "RequesterPhone") is JsonValue value && value.TryGetValue<string>(out var phone) ? phone : null;
    }

    private static string? PublicDetail(ServiceRequestEvent e) => e.Kind switch
    {
        ServiceEventKinds.MaterialsRequested => MissingMaterials([e]) is { Count: > 0 } materials ? string.Join("、", materials) : null,
        ServiceEventKinds.Completed => CompletionResult([e]),
        _ => null,
    };

    /// <summary>The missing materials of the latest 补办 notice (its event data: a list, or an object holding one).</summary>
    internal static IReadOnlyList<string> MissingMaterials(IReadOnlyList<ServiceRequestEvent> events)
    {
        var notice = events.LastOrDefault(e => e.Kind == ServiceEventKinds.MaterialsRequested);
        var data = Parse(notice?.Data);
        var array = data as JsonArray
            ?? (data as JsonObject)?.FirstOrDefault(p => p.Value is JsonArray && p.Key.Contains("aterial", StringComparison.Ordinal)).Value as JsonArray;
        return array?.OfType<JsonValue>()
            .Select(v => v.TryGetValue<string>(out var s) ? s.Trim() : null)
            .Where(s => !string.IsNullOrEmpty(s))
            .Select(s => s!)
            .ToList() ?? [];
    }

    /// <summary>The result of the latest 办结 (the event's data "result", else its reason).</summary>
    internal static string? CompletionResult(IReadOnlyList<ServiceRequestEvent> events)
    {
        var completed = events.LastOrDefault(e => e.Kind == ServiceEventKinds.Completed);
        if (completed is null)
        {
            return null;
        }

        return Parse(completed.Data) is JsonObject obj && obj["result"] is JsonValue v && v.TryGetValue<string>(out var result) && !string.IsNullOrWhiteSpace(result)
            ? result
            : completed.Reason;
    }

    /// <summary>Latitude/longitude given at registration (the registered event's data), if any.</summary>
    private Task<(double?, double?)> LocationAsync(ServiceRequestRecord record, IReadOnlyList<ServiceRequestEvent> events, CancellationToken cancellationToken)
    {
        _ = record;
        _ = cancellationToken;
        var data = Parse(events.FirstOrDefault(e => e.Kind == ServiceEventKinds.Registered)?.Data) as JsonObject;
        return Task.FromResult((Number(data, "latitude", "lat"), Number(data, "longitude", "long", "lng")));
    }

    private static double? Number(JsonObject? data, params string[] names)
    {
        if (data is null)
        {
            return null;
        }

        foreach (var (key, value) in data)
        {
            if (names.Contains(key, StringComparer.OrdinalIgnoreCase) && value is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            {
                return v.GetValue<double>();
            }
        }

        return null;
    }

    private static JsonNode? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
