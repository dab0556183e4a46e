using System.Security.Claims;
using Grassroots.Commands;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Grassroots.Users.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.Users.Controllers;

/// <summary>The user form (create and edit) as the views see it.</summary>
public sealed class UserFormViewModel
{
    public string? Id { get; set; }
    public UserDto? Existing { get; set; }
    public UserInput Input { get; set; } = new();
    public IReadOnlyList<RoleDto> Roles { get; set; } = [];
    public IReadOnlyList<OrgUnit> OrgUnits { get; set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; set; } = new Dictionary<string, string[]>();

    /// <summary>Why the signed-in user may not manage this user (the page is then read-only), or null.</summary>
    public string? ManageRefusal { get; set; }

    public string[] ErrorsFor(string key) => Errors.TryGetValue(key, out var e) ? e : [];
}

/// <summary>The role form (create and edit).</summary>
public sealed class RoleFormViewModel
{
    public RoleDto? Existing { get; set; }
    public RoleInput Input { get; set; } = new();
    public IReadOnlyList<Permission> Permissions { get; set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; set; } = new Dictionary<string, string[]>();

    public bool IsAdministrator => Existing?.Name == StandardPermissions.AdministratorRole;

    public string[] ErrorsFor(string key) => Errors.TryGetValue(key, out var e) ? e : [];
}

/// <summary>A password shown once (after creating a user or resetting a password).</summary>
public sealed record OneTimePasswordViewModel(UserDto User, string Password, bool Created);

/// <summary>
/// The 用户 and 角色 dashboard screens: lists and forms. Every change goes through <see cref="UserAdministration"/>,
/// the same code the <c>/api/users</c> and <c>/api/roles</c> endpoints use.
/// </summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class UsersAdminController(UserAdministration admin, IAuthorizationService authorization, IStringLocalizer<UsersAdminController> T) : Controller
{

    [HttpGet("/admin/users")]
    public async Task<IActionResult> Index(string? q, string? orgUnit, string? role, string? status, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, UserPermissions.ManageUsers))
        {
            return Forbid();
        }

        ViewData["q"] = q;
        ViewData["orgUnit"] = orgUnit;
        ViewData["role"] = role;
        ViewData["status"] = status;
        ViewData["roles"] = await admin.ListRolesAsync(cancellationToken);
        return View(await admin.ListUsersAsync(User, q, orgUnit, role, status, cancellationToken));
    }

    [HttpGet("/admin/users/create")]
    public async Task<IActionResult> CreateUser(CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, UserPermissions.ManageUsers))
        {
            return Forbid();
        }

        return View("UserCreate", await UserFormAsync(new UserInput { GeneratePassword = true }, null, null, cancellationToken));
    }

    [HttpPost("/admin/users/create")]
    public async Task<IActionResult> CreateUser([FromForm] UserInput input, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, UserPermissions.ManageUsers))
        {
            return Forbid();
        }

        // A typed password wins over the checkbox, so a weak one is reported rather than silently replaced.
        input.GeneratePassword = input.GeneratePassword && string.IsNullOrEmpty(input.Password);
        var result = await admin.CreateUserAsync(User, input, cancellationToken);
        if (!result.Succeeded)
        {
            input.Password = null;
            return View("UserCreate", await UserFormAsync(input, null, result.Errors, cancellationToken));
        }

        var (created, password) = result.Value!;
        if (password is not null)
        {
            NoStore();
            return View("OneTimePassword", new OneTimePasswordViewModel(created, password, Created: true));
        }

        TempData["Success"] = T["已创建用户「{0}」", created.UserName].Value;
        return Redirect($"/admin/users/{Uri.EscapeDataString(created.Id)}");
    }

    [HttpGet("/admin/users/{id}")]
    public async Task<IActionResult> EditUser(string id, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, UserPermissions.ManageUsers))
        {
            return Forbid();
        }

        // The id, or (for readable links) the user name.
        var user = await admin.GetUserAsync(User, id, cancellationToken) ?? await admin.GetUserByNameAsync(User, id, cancellationToken);
        if (user is null)
        {
            return NotFound();
        }

        var form = await UserFormAsync(InputOf(user), user, null, cancellationToken);
        form.ManageRefusal = await admin.ManageRefusalAsync(User, user, cancellationToken);
        return View("UserEdit", form);
    }

    [HttpPost("/admin/users/{id}")]
    public async Task<IActionResult> EditUser(string id, [FromForm] UserInput input, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, UserPermissions.ManageUsers))
        {
            return Forbid();
        }

        // The form always shows every role: none ticked means none, not "unchanged".
        input.Roles ??= [];
        var result = await admin.UpdateUserAsync(User, id, input, cancellationToken);
        if (result.Status == CommandStatus.NotFound)
        {
            return NotFound();
        }

        if (result is { Status: CommandStatus.Forbidden, Message: var reason })
        {
            return await RefusedAsync(id, reason ?? "", cancellationToken);
        }

        if (!result.Succeeded)
        {
            return View("UserEdit", await UserFormAsync(input, await admin.GetUserAsync(User, id, cancellationToken), result.Errors, cancellationToken));
        }

        TempData["Success"] = T["已保存用户「{0}」", result.Value!.UserName].Value;
        return Redirect("/admin/users");
    }

    [HttpPost("/admin/users/{id}/reset-password")]
    public async Task<IActionResult> ResetPassword(string id, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, UserPermissions.ManageUsers))
        {
            return Forbid();
        }

        var result = await admin.ResetPasswordAsync(User, id, cancellationToken);
        if (result.Status == CommandStatus.NotFound)
        {
            return NotFound();
        }

        if (result is { Status: CommandStatus.Forbidden, Message: var reason })
        {
            return await RefusedAsync(id, reason ?? "", cancellationToken);
        }

        if (!result.Succeeded)
        {
            TempData["Error"] = string.Join(" ", result.Errors.SelectMany(e => e.Value).Select(m => T[m].Value));
            return Redirect($"/admin/users/{Uri.EscapeDataString(id)}");
        }

        NoStore();
        return View("OneTimePassword", new OneTimePasswordViewModel((await admin.GetUserAsync(User, id, cancellationToken))!, result.Value!, Created: false));
    }

    [HttpPost("/admin/users/{id}/unlock")]
    public async Task<IActionResult> Unlock(string id, string? returnUrl, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, UserPermissions.ManageUsers))
        {
            return Forbid();
        }

        var result = await admin.UnlockAsync(User, id, cancellationToken);
        if (result.Status == CommandStatus.NotFound)
        {
            return NotFound();
        }

        if (result is { Status: CommandStatus.Forbidden, Message: var reason })
        {
            return await RefusedAsync(id, reason ?? "", cancellationToken);
        }

        TempData["Success"] = T["已解除锁定"].Value;
        return Redirect(!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/admin/users");
    }

    // ---- roles ----

    [HttpGet("/admin/roles")]
    public async Task<IActionResult> Roles(CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, UserPermissions.ManageRoles))
        {
            return Forbid();
        }

        ViewData["permissions"] = admin.AllPermissions();
        return View(await admin.ListRolesAsync(cancellationToken));
    }

    [HttpGet("/admin/roles/create")]
    public async Task<IActionResult> CreateRole()
    {
        if (!await authorization.AuthorizeAsync(User, UserPermissions.ManageRoles))
        {
            return Forbid();
        }

        return View("RoleEdit", RoleForm(new RoleInput(), null, null));
    }

    [HttpPost("/admin/roles/create")]
    public async Task<IActionResult> CreateRole([FromForm] RoleInput input, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, UserPermissions.ManageRoles))
        {
            return Forbid();
        }

        var result = await admin.CreateRoleAsync(input, cancellationToken);
        if (!result.Succeeded)
        {
            return View("RoleEdit", RoleForm(input, null, result.Errors));
        }

        TempData["Success"] = T["已创建角色「{0}」", T[result.Value!.DisplayName].Value].Value;
        return Redirect("/admin/roles");
    }

    [HttpGet("/admin/roles/{name}")]
    public async Task<IActionResult> EditRole(string name, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, UserPermissions.ManageRoles))
        {
            return Forbid();
        }

        var role = await admin.GetRoleAsync(name, cancellationToken);
        if (role is null)
        {
            return NotFound();
        }

        var input = new RoleInput { Name = role.Name, DisplayName = role.DisplayName, Description = role.Description, Permissions = [.. role.Permissions] };
        return View("RoleEdit", RoleForm(input, role, null));
    }

    [HttpPost("/admin/roles/{name}")]
    public async Task<IActionResult> EditRole(string name, [FromForm] RoleInput input, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, UserPermissions.ManageRoles))
        {
            return Forbid();
        }

        var result = await admin.UpdateRoleAsync(name, input, cancellationToken);
        if (result.Status == CommandStatus.NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            var role = await admin.GetRoleAsync(name, cancellationToken);
            input.Name = name;
            return View("RoleEdit", RoleForm(input, role, result.Errors));
        }

        TempData["Success"] = T["已保存角色「{0}」", T[result.Value!.DisplayName].Value].Value;
        return Redirect("/admin/roles");
    }

    [HttpPost("/admin/roles/{name}/delete")]
    public async Task<IActionResult> DeleteRole(string name, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, UserPermissions.ManageRoles))
        {
            return Forbid();
        }

        var result = await admin.DeleteRoleAsync(name, cancellationToken);
        if (result.Status == CommandStatus.NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            TempData["Error"] = string.Join(" ", result.Errors.SelectMany(e => e.Value).Select(m => T[m].Value));
            return Redirect($"/admin/roles/{Uri.EscapeDataString(name)}");
        }

        TempData["Success"] = T["已删除角色「{0}」", T[result.Value!.DisplayName].Value].Value;
        return Redirect("/admin/roles");
    }

    private async Task<UserFormViewModel> UserFormAsync(UserInput input, UserDto? existing, IReadOnlyDictionary<string, string[]>? errors, CancellationToken cancellationToken)
        => new()
        {
            Id = existing?.Id,
            Existing = existing,
            Input = input,
            Roles = await admin.ListRolesAsync(cancellationToken),
            OrgUnits = await admin.OrgUnitChoicesAsync(User, cancellationToken),
            Errors = errors ?? new Dictionary<string, string[]>(),
        };

    private static UserInput InputOf(UserDto user)
        => new() { DisplayName = user.DisplayName, OrgUnitCode = user.OrgUnitCode, Roles = [.. user.Roles], IsDisabled = user.IsDisabled };

    /// <summary>A change the signed-in user may not make: 403 with the user's read-only page and the reason.</summary>
    private async Task<IActionResult> RefusedAsync(string id, string reason, CancellationToken cancellationToken)
    {
        var user = await admin.GetUserAsync(User, id, cancellationToken);
        if (user is null)
        {
            return NotFound();
        }

        var form = await UserFormAsync(InputOf(user), user, null, cancellationToken);
        form.ManageRefusal = reason;
        var view = View("UserEdit", form);
        view.StatusCode = StatusCodes.Status403Forbidden;
        return view;
    }

    private RoleFormViewModel RoleForm(RoleInput input, RoleDto? existing, IReadOnlyDictionary<string, string[]>? errors)
        => new() { Existing = existing, Input = input, Permissions = admin.AllPermissions(), Errors = errors ?? new Dictionary<string, string[]>() };

    private void NoStore()
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
    }
}
