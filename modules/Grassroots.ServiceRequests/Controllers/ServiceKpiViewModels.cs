using System.Globalization;
using Grassroots.Inspections;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;

namespace Grassroots.ServiceRequests.Controllers;

/// <summary>One crumb of the drill-down path (全县 → 镇街 → 办理单位 → 事项).</summary>
public sealed record KpiCrumb(string Label, string? Url);

/// <summary>A KPI row with the link one level further down (or null at the last level).</summary>
public sealed record KpiRowLink(KpiCounts Counts, string? DrillUrl);

/// <summary>Data of the service dashboard (服务工作台).</summary>
public sealed class ServiceDashboardViewModel
{
    public KpiFilter Filter { get; init; } = new();

    public KpiGrouping Grouping { get; init; }

    public IReadOnlyList<KpiCrumb> Crumbs { get; init; } = [];

    public IReadOnlyDictionary<ServiceStage, int> Workload { get; init; } = new Dictionary<ServiceStage, int>();

    public int MyOverdueTotal { get; init; }

    public IReadOnlyList<KpiRequestLine> MyOverdue { get; init; } = [];

    public KpiCounts Total { get; init; } = new();

    public IReadOnlyList<KpiRowLink> Rows { get; init; } = [];

    public IReadOnlyList<KpiCounts> Trend { get; init; } = [];

    /// <summary>JSON for the bar chart (data attribute).</summary>
    public string BarChartJson { get; init; } = "{}";

    /// <summary>JSON for the line chart (data attribute).</summary>
    public string LineChartJson { get; init; } = "{}";
}

/// <summary>Data of the 考核指标 table.</summary>
public sealed class ServiceKpiTableViewModel
{
    public KpiFilter Filter { get; init; } = new();

    public KpiGrouping Grouping { get; init; }

    public KpiReport Report { get; init; } = new(KpiGrouping.Town, [], new KpiCounts());

    public IReadOnlyList<InspectionCommentInfo> Comments { get; init; } = [];

    public IReadOnlyDictionary<string, string> CommentUnitNames { get; init; } = new Dictionary<string, string>();

    public bool CommentsEnabled { get; init; }

    public string ExportUrl { get; init; } = "";

    public string QueryFor(KpiGrouping grouping) => KpiQuery.Build("/admin/service/kpis", Filter, grouping);
}

/// <summary>Data of the public disclosure page (办件公示).</summary>
public sealed class ServiceDisclosureViewModel
{
    public string Month { get; init; } = "";

    public IReadOnlyList<string> Months { get; init; } = [];

    public KpiReport Towns { get; init; } = new(KpiGrouping.Town, [], new KpiCounts());

    public KpiReport Offices { get; init; } = new(KpiGrouping.Office, [], new KpiCounts());
}

/// <summary>Data of the public completed-items list (办结公示).</summary>
public sealed class ServiceDisclosureCompletedViewModel
{
    public string Month { get; init; } = "";

    public IReadOnlyList<string> Months { get; init; } = [];

    public string? Town { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> TownOptions { get; init; } = [];

    public int Page { get; init; }

    public int PageSize { get; init; }

    public int Total { get; init; }

    public IReadOnlyList<DisclosedRequest> Items { get; init; } = [];

    public IReadOnlyDictionary<string, string> TownNames { get; init; } = new Dictionary<string, string>();

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Builds KPI query strings.</summary>
public static class KpiQuery
{
    public static string Build(string path, KpiFilter filter, KpiGrouping? grouping = null)
    {
        var parts = new List<string>();
        if (grouping is { } g)
        {
            parts.Add("by=" + g.ToString().ToLowerInvariant());
        }

        Add(parts, "from", filter.FromMonth);
        Add(parts, "to", filter.ToMonth);
        Add(parts, "town", filter.Town);
        Add(parts, "office", filter.Office);
        Add(parts, "item", filter.Item);
        return parts.Count == 0 ? path : path + "?" + string.Join("&", parts);
    }

    public static string FormatCst(DateTime? utc) => Localization.BusinessTime.FormatDate(utc);

    private static void Add(List<string> parts, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            parts.Add(name + "=" + Uri.EscapeDataString(value));
        }
    }
}

/// <summary>China Standard Time helpers.</summary>
public static class KpiTime
{
    public static DateTime ToCst(DateTime utc) => Localization.BusinessTime.ToBusinessDateTime(utc);

    /// <summary>"yyyy-MM" when valid, else null.</summary>
    public static string? ParseMonth(string? value)
        => value is not null && DateTime.TryParseExact(value.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            ? month.ToString("yyyy-MM", CultureInfo.InvariantCulture)
            : null;
}
