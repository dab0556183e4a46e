using System.Globalization;
using System.Text;
using System.Text.Json;
using Grassroots.Inspections;
using Grassroots.Modules;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.ServiceRequests.Controllers;

/// <summary>服务工作台 (dashboard with charts and drill-down), 考核指标 table with CSV export, and the formulas page.</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ServiceKpiAdminController(
    ServiceKpiService kpis,
    IAuthorizationService authorization,
    IEnabledServices<IInspectionCommentQuery> commentQueries,
    IStringLocalizer<ServiceKpiAdminController> T) : Controller
{
    private const int MyOverdueTake = 10;

    [HttpGet("/admin/service")]
    public async Task<IActionResult> Dashboard(string? from, string? to, string? town, string? office, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, ServiceRequestPermissions.ViewServiceRequests))
        {
            return Forbid();
        }

        var jurisdiction = await kpis.GetJurisdictionAsync(User, cancellationToken);
        town = town.TrimToNull();
        office = office.TrimToNull();

        // A town's staff start at their town.
        if (town is null && jurisdiction.OrgUnitCode is { } own && (await kpis.FindUnitAsync(own, cancellationToken))?.Level == OrgUnitLevel.Town)
        {
            town = own;
        }

        var filter = new KpiFilter(KpiTime.ParseMonth(from), KpiTime.ParseMonth(to), town, office);
        var grouping = office is not null ? KpiGrouping.Item : town is not null ? KpiGrouping.Office : KpiGrouping.Town;
        var report = await kpis.GetReportAsync(jurisdiction.OrgPath, filter, grouping, cancellationToken);
        var trend = await kpis.GetReportAsync(jurisdiction.OrgPath, filter, KpiGrouping.Month, cancellationToken);
        var workload = await kpis.GetWorkloadAsync(jurisdiction.OrgPath, cancellationToken);
        var (overdueTotal, overdue) = await kpis.GetMyOverdueAsync(User.Identity?.Name ?? "", MyOverdueTake, cancellationToken);

        var rows = report.Rows.Select(r => new KpiRowLink(r, grouping switch
        {
            KpiGrouping.Town => KpiQuery.Build("/admin/service", filter with { Town = r.Key, Office = null }),
            KpiGrouping.Office => KpiQuery.Build("/admin/service", filter with { Office = r.Key }),
            _ => KpiQuery.Build("/admin/service/kpis", filter with { Item = r.Key }, KpiGrouping.Month),
        })).ToList();

        var crumbs = new List<KpiCrumb> { new(T["全县"], town is null ? null : KpiQuery.Build("/admin/service", filter with { Town = null, Office = null })) };
        if (town is not null)
        {
            var name = (await kpis.FindUnitAsync(town, cancellationToken))?.Name ?? town;
            crumbs.Add(new KpiCrumb(name, office is null ? null : KpiQuery.Build("/admin/service", filter with { Office = null })));
        }

        if (office is not null)
        {
            crumbs.Add(new KpiCrumb((await kpis.FindPointAsync(office, cancellationToken))?.Name ?? office, null));
        }

        var bar = new
        {
            labels = rows.Select(r => r.Counts.Name).ToArray(),
            links = rows.Select(r => r.DrillUrl).ToArray(),
            series = new object[]
            {
                new { name = T["受理量"].Value, values = rows.Select(r => (decimal?)r.Counts.Registered).ToArray() },
                new { name = T["办结量"].Value, values = rows.Select(r => (decimal?)r.Counts.Completed).ToArray() },
            },
        };
        var line = new
        {
            labels = trend.Rows.Select(r => r.Key).ToArray(),
            unit = "%",
            series = new object[]
            {
                new { name = T["一次办结率"].Value, values = trend.Rows.Select(r => r.OneVisitRate.Percent).ToArray() },
                new { name = T["满意率"].Value, values = trend.Rows.Select(r => r.SatisfactionRate.Percent).ToArray() },
            },
        };

        ViewData["Title"] = T["服务工作台"].Value;
        return View(new ServiceDashboardViewModel
        {
            Filter = filter,
            Grouping = grouping,
            Crumbs = crumbs,
            Workload = workload,
            MyOverdueTotal = overdueTotal,
            MyOverdue = overdue,
            Total = report.Total,
            Rows = rows,
            Trend = trend.Rows,
            BarChartJson = JsonSerializer.Serialize(bar),
            LineChartJson = JsonSerializer.Serialize(line),
        });
    }

    [HttpGet("/admin/service/kpis")]
    public async Task<IActionResult> Kpis(string? by, string? from, string? to, string? town, string? office, string? item, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, ServiceRequestPermissions.ViewServiceRequests))
        {
            return Forbid();
        }

        var (jurisdiction, filter, grouping, report) = await LoadReportAsync(by, from, to, town, office, item, cancellationToken);

        IReadOnlyList<InspectionCommentInfo> comments = [];
        var unitNames = new Dictionary<string, string>();
        var query = commentQueries.All.FirstOrDefault();
        if (query is not null && jurisdiction.OrgPath is { } path)
        {
            // Comments on offices and towns under the jurisdiction, or under the selected town.
            var scope = path;
            if (filter.Town is not null && await kpis.FindUnitAsync(filter.Town, cancellationToken) is { } unit && Jurisdiction.IsUnder(unit.Path, path))
            {
                scope = unit.Path;
            }

            comments = await query.GetLatestAsync(scope, 10, unitsOnly: true, cancellationToken);
            unitNames = await kpis.GetUnitNamesAsync(comments.Select(c => c.OrgUnitCode), cancellationToken);
        }

        ViewData["Title"] = T["考核指标"].Value;
        return View(new ServiceKpiTableViewModel
        {
            Filter = filter,
            Grouping = grouping,
            Report = report,
            Comments = comments,
            CommentUnitNames = unitNames,
            CommentsEnabled = query is not null,
            ExportUrl = KpiQuery.Build("/admin/service/kpis/export.csv", filter, grouping),
        });
    }

    /// <summary>The KPI report the table and its CSV export show, for the query string's filter and grouping.</summary>
    private async Task<(Jurisdiction Jurisdiction, KpiFilter Filter, KpiGrouping Grouping, KpiReport Report)> LoadReportAsync(
        string? by, string? from, string? to, string? town, string? office, string? item, CancellationToken cancellationToken)
    {
        var jurisdiction = await kpis.GetJurisdictionAsync(User, cancellationToken);
        var filter = new KpiFilter(KpiTime.ParseMonth(from), KpiTime.ParseMonth(to), town.TrimToNull(), office.TrimToNull(), item.TrimToNull());
        var grouping = ParseGrouping(by);
        return (jurisdiction, filter, grouping, await kpis.GetReportAsync(jurisdiction.OrgPath, filter, grouping, cancellationToken));
    }

    [HttpGet("/admin/service/kpis/export.csv")]
    public async Task<IActionResult> Export(string? by, string? from, string? to, string? town, string? office, string? item, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, ServiceRequestPermissions.ViewServiceRequests))
        {
            return Forbid();
        }

        var (jurisdiction, filter, grouping, report) = await LoadReportAsync(by, from, to, town, office, item, cancellationToken);

        var csv = new StringBuilder();
        string[] header =
        [
            T[GroupingLabel(grouping)], T["编码"], T["受理量"], T["办结量"], T["一次办结数"], T["一次办结率"], T["按时办结数"], T["按时办结率"],
            T["回访数"], T["回访率"], T["有效答复数"], T["满意数"], T["满意率"], T["平均办理时长（工作日）"], T["逾期数"], T["当前逾期"],
        ];
        csv.AppendJoin(',', header.Select(Cell)).Append("\r\n");
        foreach (var row in report.Rows.Append(report.Total))
        {
            var isTotal = ReferenceEquals(row, report.Total);
            string[] cells =
            [
                isTotal ? T["合计"] : row.Name, row.Key, Int(row.Registered), Int(row.Completed), Int(row.OneVisit), row.OneVisitRate.PercentText,
                Int(row.OnTime), row.OnTimeRate.PercentText, Int(row.FollowedUp), row.FollowUpRate.PercentText, Int(row.Answered), Int(row.Satisfied),
                row.SatisfactionRate.PercentText, row.AverageHandlingDaysText, Int(row.Supervised), Int(row.CurrentlyOverdue),
            ];
            csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
        }

        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        var name = $"service-kpis-{grouping.ToString().ToLowerInvariant()}-{KpiTime.ToCst(DateTime.UtcNow):yyyyMMdd}.csv";
        return File(bytes, "text/csv; charset=utf-8", name);
    }

    [HttpGet("/admin/service/kpis/help")]
    public async Task<IActionResult> Help()
    {
        if (!await authorization.AuthorizeAsync(User, ServiceRequestPermissions.ViewServiceRequests))
        {
            return Forbid();
        }

        ViewData["Title"] = T["考核指标说明"].Value;
        return View();
    }

    internal static KpiGrouping ParseGrouping(string? by) => by?.Trim().ToLowerInvariant() switch
    {
        "office" => KpiGrouping.Office,
        "item" => KpiGrouping.Item,
        "month" => KpiGrouping.Month,
        _ => KpiGrouping.Town,
    };

    internal static string GroupingLabel(KpiGrouping grouping) => grouping switch
    {
        KpiGrouping.Office => "办理单位",
        KpiGrouping.Item => "事项",
        KpiGrouping.Month => "月份",
        _ => "镇(街道)",
    };

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting; text that a spreadsheet would run as a formula gets a leading apostrophe.</summary>
    private static string Cell(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal) && !decimal.TryParse(value.TrimEnd('%'), NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
