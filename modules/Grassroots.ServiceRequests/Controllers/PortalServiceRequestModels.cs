using Grassroots.OrgUnits;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;

namespace Grassroots.ServiceRequests.Controllers;

/// <summary>What the resident types on the online submission form (网上办事).</summary>
public sealed class PortalSubmitForm
{
    public string? ItemCode { get; set; }

    public string? Name { get; set; }

    public string? Phone { get; set; }

    public string? TownCode { get; set; }

    public string? VillageCode { get; set; }

    public string? Description { get; set; }
}

/// <summary>A town and its villages for the place selects.</summary>
public sealed record PortalTownOption(string Code, string Name, IReadOnlyList<OrgUnitSummary> Villages);

/// <summary>The submission page: the form, the published guides, the selected guide and the places.</summary>
public sealed record PortalSubmitViewModel(
    PortalSubmitForm Form,
    IReadOnlyList<ServiceGuideInfo> Guides,
    ServiceGuideInfo? Guide,
    IReadOnlyList<PortalTownOption> Towns,
    string? Error);

/// <summary>The receipt shown after a successful submission (受理回执), with the tracking secret shown this once.</summary>
public sealed record PortalReceiptViewModel(string ReceiptCode, string TrackingCode, string ItemName, string RegisteredDate, bool IsImmediate, string? DueDate, int TimeLimitDays);

/// <summary>The tracking form: the public receipt code and the private secret from the receipt.</summary>
public sealed class PortalTrackForm
{
    public string? Code { get; set; }

    /// <summary>查询密码 (XXXX-XXXX-XXXX).</summary>
    public string? TrackingCode { get; set; }
}

/// <summary>The online follow-up answer (网上回访).</summary>
public sealed class PortalFollowUpForm
{
    /// <summary>The secret the status page was opened with (a hidden field).</summary>
    public string? TrackingCode { get; set; }

    /// <summary>Last four digits of the phone the request was registered with.</summary>
    public string? PhoneTail { get; set; }

    /// <summary>1..5 (<see cref="Satisfaction"/>).</summary>
    public int? Satisfaction { get; set; }

    public string? Comment { get; set; }
}

/// <summary>The tracking page of one request, opened with <paramref name="TrackingCode"/>.</summary>
public sealed record PortalTrackViewModel(PublicRequestView View, PortalFollowUpForm FollowUp, bool CanFollowUp, string? FollowUpError,
    string TrackingCode, string? Success = null)
{
    public ServiceRequestRecord Record => View.Record;
}

/// <summary>Labels shared by the portal views.</summary>
public static class PortalLabels
{
    /// <summary>The five satisfaction levels, best first.</summary>
    public static IReadOnlyList<(Satisfaction Value, string Label)> SatisfactionLevels { get; } =
        [.. Screens.ServiceRequestLabels.Satisfactions.Select(s => (s.Value, s.Text))];

    public static string SatisfactionLabel(Satisfaction value) => Screens.ServiceRequestLabels.SatisfactionText(value);
}
