using System.Globalization;
using Grassroots.Security;
using Grassroots.ServiceRequests.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.ServiceRequests.Controllers;

/// <summary>
/// 办件公示 on the portal (no login): county-level figures per town and per office for a month, the completed items of
/// the month without any personal data, and the KPI formulas.
/// </summary>
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ServiceDisclosureController(ServiceKpiService kpis, TimeProvider clock, IStringLocalizer<ServiceDisclosureController> T) : Controller
{
    /// <summary>The whole county: public figures are never narrowed by a user's jurisdiction.</summary>
    private static readonly string CountyPath = Jurisdiction.Everything.OrgPath!;
    private const int PageSize = 50;

    [HttpGet("/service/disclosure")]
    public async Task<IActionResult> Index(string? month, CancellationToken cancellationToken)
    {
        var months = Months();
        var selected = KpiTime.ParseMonth(month) ?? months[1];
        var filter = new KpiFilter(selected, selected);
        var towns = await kpis.GetReportAsync(CountyPath, filter, KpiGrouping.Town, cancellationToken);
        var offices = await kpis.GetReportAsync(CountyPath, filter, KpiGrouping.Office, cancellationToken);
        ViewData["Title"] = T["办件公示"].Value;
        return View(new ServiceDisclosureViewModel { Month = selected, Months = months, Towns = towns, Offices = offices });
    }

    [HttpGet("/service/disclosure/completed")]
    public async Task<IActionResult> Completed(string? month, string? town, int page = 1, CancellationToken cancellationToken = default)
    {
        var months = Months();
        var selected = KpiTime.ParseMonth(month) ?? months[1];
        var towns = await kpis.GetTownsAsync(cancellationToken);
        town = towns.Any(t => t.Code == town) ? town : null;
        page = Math.Max(page, 1);
        var (total, items) = await kpis.GetCompletedAsync(CountyPath, selected, town, page, PageSize, cancellationToken);
        ViewData["Title"] = T["办结公示"].Value;
        return View(new ServiceDisclosureCompletedViewModel
        {
            Month = selected,
            Months = months,
            Town = town,
            TownOptions = towns.Select(t => new KeyValuePair<string, string>(t.Code, t.Name)).ToList(),
            TownNames = towns.ToDictionary(t => t.Code, t => t.Name),
            Page = page,
            PageSize = PageSize,
            Total = total,
            Items = items.Select(i => i with { ReceiptCode = ServiceKpiService.MaskReceiptCode(i.ReceiptCode) }).ToList(),
        });
    }

    [HttpGet("/service/kpis/help")]
    public IActionResult Help()
    {
        ViewData["Title"] = T["考核指标说明"].Value;
        return View();
    }

    /// <summary>The current month (CST) and the 12 before it, newest first; [1] is the last full month.</summary>
    private string[] Months()
    {
        var now = KpiTime.ToCst(clock.GetUtcNow().UtcDateTime);
        var first = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return Enumerable.Range(0, 13).Select(i => first.AddMonths(-i).ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToArray();
    }
}
