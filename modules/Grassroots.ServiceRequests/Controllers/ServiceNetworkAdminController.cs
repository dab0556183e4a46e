using Microsoft.AspNetCore.Http;
using Grassroots.Commands;
using Grassroots.Security;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Network;
using Grassroots.ServiceRequests.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.ServiceRequests.Controllers;

/// <summary>The network list as the view sees it.</summary>
public sealed record ServiceNetworkIndexViewModel(
    IReadOnlyList<ServicePointRow> Rows, int Total, int Page, int PageSize,
    IReadOnlyDictionary<ServicePointKind, int> Counts, IReadOnlyList<OrgUnits.OrgUnit> Towns,
    string? Town, ServicePointKind? Kind, string? Q);

/// <summary>The point form (create and edit).</summary>
public sealed class ServicePointFormViewModel
{
    public ServicePoint? Existing { get; set; }
    public ServicePointInput Input { get; set; } = new();
    public IReadOnlyDictionary<string, string[]> Errors { get; set; } = new Dictionary<string, string[]>();

    public string? ErrorFor(string key) => Errors.TryGetValue(key, out var e) ? string.Join("；", e) : null;
}

/// <summary>A point's page: details, windows/children, staff and the authority catalogue.</summary>
public sealed class ServicePointViewModel
{
    public required ServicePoint Point { get; init; }
    public ServicePoint? Parent { get; init; }
    public IReadOnlyList<ServicePoint> Children { get; init; } = [];
    public IReadOnlyList<ServicePointStaff> Staff { get; init; } = [];
    public IReadOnlyList<string> Authorities { get; init; } = [];
    public IReadOnlyList<ServiceGuideInfo> Guides { get; init; } = [];
    public string? StaffUserName { get; set; }
    public bool StaffIsDispatcher { get; set; }
    public string? Pasted { get; set; }
    public IReadOnlyCollection<string>? Ticked { get; set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; set; } = new Dictionary<string, string[]>();

    public string? ErrorFor(string key) => Errors.TryGetValue(key, out var e) ? string.Join("；", e) : null;
}

/// <summary>服务网点与权责清单: points and windows, their staff and authority catalogues, inside the user's jurisdiction.</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ServiceNetworkAdminController(
    ServiceNetworkAdmin admin,
    IServiceCatalog catalog,
    IAuthorizationService authorization,
    IStringLocalizer<ServiceNetworkAdminController> T) : Controller
{
    private const int PageSize = 100;

    [HttpGet("/admin/service/network")]
    public async Task<IActionResult> Index(string? town, ServicePointKind? kind, string? q, int page = 1, CancellationToken cancellationToken = default)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        page = Math.Max(page, 1);
        var (rows, total, counts) = await admin.ListAsync(User, town, kind, q, page, PageSize, cancellationToken);
        var towns = await admin.TownsAsync(User, cancellationToken);
        return View(new ServiceNetworkIndexViewModel(rows, total, page, PageSize, counts, towns, town, kind, q));
    }

    [HttpGet("/admin/service/network/points/new")]
    public async Task<IActionResult> Create(string? parent, ServicePointKind? kind, CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        var input = new ServicePointInput { ParentCode = parent, Kind = kind ?? ServicePointKind.Window };
        if (parent is not null)
        {
            var (p, forbidden) = await admin.GetAsync(User, parent, cancellationToken);
            if (forbidden)
            {
                return Forbid();
            }

            input.OrgUnitCode = p?.OrgUnitCode;
            input.Code = p is null ? null : p.Code + "-W-";
        }

        return View("PointEdit", new ServicePointFormViewModel { Input = input });
    }

    [HttpPost("/admin/service/network/points/new")]
    public async Task<IActionResult> Create([FromForm] ServicePointInput input, CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        var result = await admin.SaveAsync(User, null, input, cancellationToken);
        if (!result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("PointEdit", new ServicePointFormViewModel { Input = input, Errors = result.Errors });
        }

        TempData["Success"] = T["已新建服务网点「{0}」", input.Name!.Trim()].Value;
        return Redirect($"/admin/service/network/points/{Uri.EscapeDataString(input.Code!.Trim())}");
    }

    [HttpGet("/admin/service/network/points/{code}/edit")]
    public async Task<IActionResult> Edit(string code, CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        var (point, forbidden) = await admin.GetAsync(User, code, cancellationToken);
        if (forbidden)
        {
            return Forbid();
        }

        return point is null ? NotFound() : View("PointEdit", new ServicePointFormViewModel { Existing = point, Input = ServicePointInput.From(point) });
    }

    [HttpPost("/admin/service/network/points/{code}/edit")]
    public async Task<IActionResult> Edit(string code, [FromForm] ServicePointInput input, CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        var result = await admin.SaveAsync(User, code, input, cancellationToken);
        if (Refused(result) is { } refused)
        {
            return refused;
        }

        if (!result.Succeeded)
        {
            var (existing, _) = await admin.GetAsync(User, code, cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("PointEdit", new ServicePointFormViewModel { Existing = existing, Input = input, Errors = result.Errors });
        }

        TempData["Success"] = T["已保存服务网点「{0}」", input.Name!.Trim()].Value;
        return Redirect($"/admin/service/network/points/{Uri.EscapeDataString(code)}");
    }

    [HttpGet("/admin/service/network/points/{code}")]
    public async Task<IActionResult> Point(string code, CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        var model = await LoadAsync(code, cancellationToken);
        return model.Forbidden ? Forbid() : model.Model is null ? NotFound() : View(model.Model);
    }

    [HttpPost("/admin/service/network/points/{code}/staff")]
    public async Task<IActionResult> AddStaff(string code, [FromForm] string? userName, [FromForm] bool isDispatcher, CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        var result = await admin.AddStaffAsync(User, code, userName, isDispatcher, cancellationToken);
        if (Refused(result) is { } refused)
        {
            return refused;
        }

        if (!result.Succeeded)
        {
            var (model, _) = await LoadAsync(code, cancellationToken);
            model!.StaffUserName = userName;
            model.StaffIsDispatcher = isDispatcher;
            model.Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Point", model);
        }

        TempData["Success"] = T["已添加工作人员「{0}」", userName!.Trim()].Value;
        return Redirect($"/admin/service/network/points/{Uri.EscapeDataString(code)}#staff");
    }

    [HttpPost("/admin/service/network/points/{code}/staff/{userName}")]
    public async Task<IActionResult> UpdateStaff(string code, string userName, [FromForm] string? action, CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        var remove = action == "remove";
        bool? dispatcher = action switch { "dispatcher" => true, "clerk" => false, _ => null };
        var result = await admin.UpdateStaffAsync(User, code, userName, dispatcher, remove, cancellationToken);
        if (Refused(result) is { } refused)
        {
            return refused;
        }

        TempData["Success"] = (remove ? T["已移除工作人员「{0}」", userName] : T["已更新工作人员「{0}」", userName]).Value;
        return Redirect($"/admin/service/network/points/{Uri.EscapeDataString(code)}#staff");
    }

    [HttpPost("/admin/service/network/points/{code}/authorities")]
    public async Task<IActionResult> Authorities(string code, [FromForm] string[]? items, [FromForm] string? pasted, CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        var result = await admin.SaveAuthoritiesAsync(User, code, items ?? [], pasted, cancellationToken);
        if (Refused(result) is { } refused)
        {
            return refused;
        }

        if (!result.Succeeded)
        {
            var (model, _) = await LoadAsync(code, cancellationToken);
            model!.Pasted = pasted;
            model.Ticked = items ?? [];
            model.Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Point", model);
        }

        TempData["Success"] = T["已保存权责清单"].Value;
        return Redirect($"/admin/service/network/points/{Uri.EscapeDataString(code)}#authorities");
    }

    private async Task<(ServicePointViewModel? Model, bool Forbidden)> LoadAsync(string code, CancellationToken cancellationToken)
    {
        var (point, forbidden) = await admin.GetAsync(User, code, cancellationToken);
        if (point is null)
        {
            return (null, forbidden);
        }

        var parent = point.ParentCode is null ? null : await catalog.FindPointAsync(point.ParentCode, cancellationToken);
        return (new ServicePointViewModel
        {
            Point = point,
            Parent = parent,
            Children = await admin.ChildrenAsync(point.Code, cancellationToken),
            Staff = await admin.StaffAsync(point.Code, cancellationToken),
            Authorities = await admin.AuthoritiesAsync(point.Code, cancellationToken),
            Guides = await catalog.ListGuidesAsync(null, null, cancellationToken),
        }, false);
    }

    /// <summary>Forbid for a point outside the jurisdiction, 404 for a missing one, else null.</summary>
    private IActionResult? Refused(CommandResult<NoValue> result) => result.Status switch
    {
        CommandStatus.Forbidden => Forbid(),
        CommandStatus.NotFound => NotFound(),
        _ => null,
    };

    private Task<bool> CanManageAsync() => authorization.AuthorizeAsync(User, ServiceRequestPermissions.ManageServiceNetwork);
}
