using Grassroots.ContentManagement;
using Grassroots.OrgUnits;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Screens;
using Grassroots.ServiceRequests.Services;

namespace Grassroots.ServiceRequests.Controllers;

/// <summary>A guide offered on the registration form, with whether the selected point has it in its catalogue.</summary>
public sealed record RegisterGuideOption(ServiceGuideInfo Guide, bool AtPoint);

/// <summary>The registration form (诉求登记).</summary>
public sealed class ServiceRegisterViewModel
{
    public required ServiceRegisterInput Input { get; init; }

    public required IReadOnlyList<ServicePointStaffView> Points { get; init; }

    public required IReadOnlyList<RegisterGuideOption> Guides { get; init; }

    public required IReadOnlyList<OrgUnitSummary> OrgUnits { get; init; }

    /// <summary>Attachments already stored (kept across a failed post).</summary>
    public IReadOnlyList<(string Id, string FileName)> Files { get; init; } = [];

    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    public string? Error { get; init; }

    public string? ErrorFor(string key) => Errors.TryGetValue(key, out var e) ? e : null;
}

/// <summary>The printable receipt (受理回执).</summary>
public sealed class ServiceReceiptViewModel
{
    public required ServiceRequestRecord Request { get; init; }

    public ServiceGuideInfo? Guide { get; init; }

    public string? PointName { get; init; }

    public string? PointPhone { get; init; }

    public required string TrackUrl { get; init; }

    /// <summary>The tracking secret, only right after registration or a re-print; null otherwise (it is not stored in clear).</summary>
    public string? TrackingCode { get; init; }

    /// <summary>Whether the request has a tracking secret at all (older requests get one when their receipt is re-printed).</summary>
    public bool HasTrackingCode { get; init; }

    /// <summary>Whether the user may re-print the receipt (issue a new secret).</summary>
    public bool CanReissue { get; init; }
}

/// <summary>One row of the list or the supervision list.</summary>
public sealed record ServiceRequestRow(ServiceRequestRecord Request, string RequesterName, string RequesterPhone, string PointName, DeadlineState Deadline);

/// <summary>The request list / work queue (诉求列表 / 工作队列).</summary>
public sealed class ServiceRequestListViewModel
{
    public required ServiceRequestFilter Filter { get; init; }

    public required ServiceRequestPage Page { get; init; }

    public required IReadOnlyList<ServiceRequestRow> Rows { get; init; }

    public required IReadOnlyList<OrgUnitSummary> Towns { get; init; }

    public required IReadOnlyList<ServiceGuideInfo> Guides { get; init; }

    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    /// <summary>The query string of the filter without the page (for paging and tab links).</summary>
    public string Query(int? page = null, string? tab = null)
    {
        var pairs = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                pairs.Add(key + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("tab", tab ?? Filter.Tab);
        Add("stage", Filter.Stage);
        Add("class", Filter.Class);
        Add("channel", Filter.Channel);
        Add("town", Filter.Town);
        Add("item", Filter.Item);
        Add("from", Filter.From);
        Add("to", Filter.To);
        Add("code", Filter.Code);
        if (page is > 1)
        {
            pairs.Add("page=" + page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return pairs.Count == 0 ? "" : "?" + string.Join("&", pairs);
    }
}

/// <summary>A window offered for dispatch or arbitration.</summary>
public sealed record WindowOption(ServicePoint Window, bool Suggested);

/// <summary>The handling page (办理页).</summary>
public sealed class ServiceRequestDetailViewModel
{
    public required ServiceRequestRecord Request { get; init; }

    public ContentItem? Item { get; init; }

    public ServiceGuideInfo? Guide { get; init; }

    public required IReadOnlyList<ServiceRequestEvent> Events { get; init; }

    public required IReadOnlyDictionary<string, string> PointNames { get; init; }

    public required IReadOnlyList<string> Actions { get; init; }

    public required IReadOnlyList<WindowOption> DispatchWindows { get; init; }

    public required IReadOnlyList<WindowOption> ArbitrateWindows { get; init; }

    public required DeadlineState Deadline { get; init; }

    public bool CanReveal { get; init; }

    public bool Revealed { get; init; }

    /// <summary>The window holding the request has the item in its catalogue (so it cannot send it back).</summary>
    public bool WindowHasAuthority { get; init; }

    public IReadOnlyList<(string Id, string FileName)> Attachments { get; init; } = [];

    /// <summary>The action whose form failed, its typed values and messages.</summary>
    public string? FailedAction { get; init; }

    public ServiceActionInput Input { get; init; } = new();

    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    public string? Error { get; init; }

    public string PointName(string? code) => code is null ? "" : PointNames.TryGetValue(code, out var name) ? name : code;

    public string? ErrorFor(string action, string key) => FailedAction == action && Errors.TryGetValue(key, out var e) ? e : null;

    public ServiceActionInput InputFor(string action) => FailedAction == action ? Input : new ServiceActionInput();
}

/// <summary>One row of the supervision list (督办清单).</summary>
public sealed record SupervisionRow(ServiceRequestRecord Request, int DaysOverdue, string OfficeCode, string OfficeName, string? SuperiorName);
