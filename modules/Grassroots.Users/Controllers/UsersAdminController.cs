using Grassroots.Security;
using Grassroots.Users.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.Users.Controllers;

/// <summary>The 用户 and 角色 dashboard screens (lists; changes through the API).</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class UsersAdminController(UserAdministration admin, IAuthorizationService authorization, IStringLocalizer<UsersAdminController> T) : Controller
{
    [HttpGet("/admin/users")]
    public async Task<IActionResult> Index(string? q, string? orgUnit, string? role, string? status, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ManageUsers))
        {
            return Forbid();
        }

        ViewData["q"] = q;
        ViewData["orgUnit"] = orgUnit;
        ViewData["role"] = role;
        ViewData["status"] = status;
        ViewData["roles"] = await admin.ListRolesAsync(cancellationToken);
        return View(await admin.ListUsersAsync(q, orgUnit, role, status, cancellationToken));
    }

    [HttpPost("/admin/users/{id}/unlock")]
    public async Task<IActionResult> Unlock(string id, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ManageUsers))
        {
            return Forbid();
        }

        var result = await admin.UnlockAsync(id, cancellationToken);
        if (result.NotFound)
        {
            return NotFound();
        }

        TempData["Success"] = T["已解除锁定"].Value;
        return Redirect("/admin/users");
    }

    [HttpGet("/admin/roles")]
    public async Task<IActionResult> Roles(CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ManageRoles))
        {
            return Forbid();
        }

        ViewData["permissions"] = admin.AllPermissions();
        return View(await admin.ListRolesAsync(cancellationToken));
    }
}
