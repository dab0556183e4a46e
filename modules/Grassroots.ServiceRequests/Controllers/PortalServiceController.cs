using Grassroots.ContentManagement;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Network;
using Grassroots.ServiceRequests.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.ServiceRequests.Controllers;

/// <summary>The public guide list.</summary>
public sealed record PortalGuideListViewModel(IReadOnlyList<ServiceGuideInfo> Guides, IReadOnlyList<ServicePoint> Offices, IReadOnlyDictionary<string, string> OfficeNames, string? Q, string? Office);

/// <summary>A published guide with its office and window, as the public guide page and the print view show it.</summary>
public sealed record PortalGuideViewModel(
    ServiceGuideInfo Info,
    ServicePoint? Office,
    ServicePoint? Window,
    string? LegalBasis,
    IReadOnlyList<string> Procedure,
    string? WorkRules,
    string Published);

/// <summary>An office page: contact, hours, windows and the guides it handles.</summary>
public sealed record PortalOfficeViewModel(ServicePoint Point, ServicePoint? Parent, IReadOnlyList<ServicePoint> Windows, IReadOnlyList<ServiceGuideInfo> Guides);

/// <summary>办事指南 on the public portal: list and search, guide page, print view and office pages. Published data only.</summary>
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class PortalServiceController(IServiceCatalog catalog, IContentManager contentManager, ServiceNetworkAdmin network) : Controller
{
    [HttpGet("/service/guides")]
    public async Task<IActionResult> Guides(string? q, string? office, CancellationToken cancellationToken)
    {
        var guides = await catalog.ListGuidesAsync(string.IsNullOrWhiteSpace(office) ? null : office, q, cancellationToken);
        var offices = await network.OfficesAsync(cancellationToken);
        var names = offices.ToDictionary(o => o.Code, o => o.Name, StringComparer.Ordinal);
        return View(new PortalGuideListViewModel(guides, offices, names, q, office));
    }

    [HttpGet("/service/guides/{itemCode}")]
    public async Task<IActionResult> Guide(string itemCode, CancellationToken cancellationToken)
    {
        var model = await LoadAsync(itemCode, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpGet("/service/guides/{itemCode}/print")]
    public async Task<IActionResult> Print(string itemCode, CancellationToken cancellationToken)
    {
        var model = await LoadAsync(itemCode, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpGet("/service/offices/{pointCode}")]
    public async Task<IActionResult> Office(string pointCode, CancellationToken cancellationToken)
    {
        var point = await catalog.FindPointAsync(pointCode, cancellationToken);
        if (point is null || !point.Enabled || point.Kind is ServicePointKind.Liaison)
        {
            return NotFound();
        }

        var parent = point.ParentCode is null ? null : await catalog.FindPointAsync(point.ParentCode, cancellationToken);
        var windows = point.Kind is ServicePointKind.CountyCenter or ServicePointKind.TownRoom
            ? await catalog.FindWindowsAsync(point.Code, null, cancellationToken)
            : [];
        var guides = await catalog.ListGuidesAsync(point.Kind == ServicePointKind.Window ? null : point.Code, null, cancellationToken);
        if (point.Kind == ServicePointKind.Window)
        {
            guides = guides.Where(g => g.WindowCode == point.Code).ToList();
        }

        return View(new PortalOfficeViewModel(point, parent, windows, guides));
    }

    private async Task<PortalGuideViewModel?> LoadAsync(string itemCode, CancellationToken cancellationToken)
    {
        var info = await catalog.FindGuideAsync(itemCode, cancellationToken);
        if (info is null)
        {
            return null;
        }

        var item = await contentManager.GetAsync(info.GuideContentItemId, VersionOptions.Published, cancellationToken);
        if (item is null)
        {
            return null;
        }

        var office = await catalog.FindPointAsync(info.OfficeCode, cancellationToken);
        var window = info.WindowCode is null ? null : await catalog.FindPointAsync(info.WindowCode, cancellationToken);
        return new PortalGuideViewModel(
            info,
            office,
            window,
            ServiceGuideType.Text(item, ServiceGuideType.LegalBasis),
            ServiceGuideType.Lines(item, ServiceGuideType.Procedure),
            ServiceGuideType.Text(item, ServiceGuideType.WorkRules),
            Localization.BusinessTime.FormatDate(item.PublishedUtc));
    }
}
