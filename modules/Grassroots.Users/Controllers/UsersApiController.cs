using System.Security.Claims;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Grassroots.Users.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Grassroots.Users.Controllers;

/// <summary>Shared helpers for the user and role APIs.</summary>
public abstract class UsersApiBase(IAuthorizationService authorization) : ControllerBase
{
    protected Task<bool> Can(Permission permission) => authorization.AuthorizeAsync(User, permission);

    protected IActionResult Fail<T>(AdminResult<T> result)
    {
        if (result.NotFound)
        {
            return Problem(title: "未找到", statusCode: StatusCodes.Status404NotFound);
        }

        if (result.Forbidden is { } reason)
        {
            return Problem(title: reason, detail: "只能管理本管辖范围内、权限不超过您自己的用户；系统管理员只能由系统管理员管理。", statusCode: StatusCodes.Status403Forbidden);
        }

        var state = new ModelStateDictionary();
        foreach (var (key, messages) in result.Errors)
        {
            foreach (var m in messages)
            {
                state.AddModelError(key, m);
            }
        }

        return ValidationProblem(title: "提交的数据有误", modelStateDictionary: state);
    }
}

/// <summary>The signed-in user.</summary>
[ApiController]
[Authorize]
[Tags("Users")]
public sealed class MeApiController(UserManager<GrassrootsUser> users, IOrgUnitService orgUnits, UserAdministration admin, IAuthorizationService authorization)
    : UsersApiBase(authorization)
{
    /// <summary>The current user: name, org unit, roles (with display names), effective permissions and culture.</summary>
    [HttpGet("/api/me")]
    public async Task<IActionResult> Get(CancellationToken cancellationToken)
    {
        var id = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? User.FindFirstValue("sub");
        var user = id is null ? null : await users.FindByIdAsync(id);
        if (user is null || user.IsDisabled)
        {
            return Problem(title: "用户不存在或已停用", statusCode: StatusCodes.Status401Unauthorized);
        }

        var roleNames = await users.GetRolesAsync(user);
        var roles = (await admin.ListRolesAsync(cancellationToken)).Where(r => roleNames.Contains(r.Name))
            .Select(r => new { name = r.Name, displayName = r.DisplayName }).ToList();
        var unit = user.OrgUnitCode is null ? null : await orgUnits.GetAsync(user.OrgUnitCode, cancellationToken);
        return Ok(new
        {
            id = user.Id,
            userName = user.UserName,
            displayName = user.DisplayName,
            orgUnit = unit is null ? null : new { code = unit.Code, name = unit.Name, level = unit.Level, path = unit.Path },
            roles,
            permissions = await admin.EffectivePermissionsAsync(roleNames.ToList(), cancellationToken),
            culture = user.Culture,
            twoFactorEnabled = user.TwoFactorEnabled,
        });
    }
}

/// <summary>User administration (permission 管理用户).</summary>
[ApiController]
[Authorize]
[Route("api/users")]
[Tags("Users")]
public sealed class UsersApiController(UserAdministration admin, IAuthorizationService authorization) : UsersApiBase(authorization)
{
    /// <summary>Lists users; filter by <c>q</c> (name), <c>orgUnit</c> (code, with its subtree), <c>role</c>, <c>status</c> (active/disabled/locked).</summary>
    [HttpGet]
    public async Task<IActionResult> List(string? q, string? orgUnit, string? role, string? status, CancellationToken cancellationToken)
        => await Can(UserPermissions.ManageUsers) ? Ok(await admin.ListUsersAsync(User, q, orgUnit, role, status, cancellationToken)) : Forbid();

    [HttpGet("{id}")]
    public async Task<IActionResult> Get(string id, CancellationToken cancellationToken)
    {
        if (!await Can(UserPermissions.ManageUsers))
        {
            return Forbid();
        }

        return await admin.GetUserAsync(User, id, cancellationToken) is { } user ? Ok(user) : Problem(title: "用户不存在", statusCode: StatusCodes.Status404NotFound);
    }

    /// <summary>Creates a user. Give <c>password</c>, or <c>generatePassword: true</c> to get one back once in <c>generatedPassword</c>.</summary>
    [HttpPost]
    public async Task<IActionResult> Create([FromBody] UserInput input, CancellationToken cancellationToken)
    {
        if (!await Can(UserPermissions.ManageUsers))
        {
            return Forbid();
        }

        var result = await admin.CreateUserAsync(User, input, cancellationToken);
        return result.Succeeded
            ? Created($"/api/users/{result.Value!.Id}", new { user = result.Value, generatedPassword = result.GeneratedPassword })
            : Fail(result);
    }

    /// <summary>
    /// Updates display name, org unit, roles (absent or null: unchanged) and (with <c>isDisabled</c>) disables or enables
    /// the user. 403 when the caller may not manage the user (see <see cref="UserManagementRules"/>).
    /// </summary>
    [HttpPut("{id}")]
    public async Task<IActionResult> Update(string id, [FromBody] UserInput input, CancellationToken cancellationToken)
    {
        if (!await Can(UserPermissions.ManageUsers))
        {
            return Forbid();
        }

        var result = await admin.UpdateUserAsync(User, id, input, cancellationToken);
        return result.Succeeded ? Ok(result.Value) : Fail(result);
    }

    /// <summary>Sets a generated password, returned once in <c>password</c>; the user must change it at the next sign-in.</summary>
    [HttpPost("{id}/reset-password")]
    public async Task<IActionResult> ResetPassword(string id, CancellationToken cancellationToken)
    {
        if (!await Can(UserPermissions.ManageUsers))
        {
            return Forbid();
        }

        var result = await admin.ResetPasswordAsync(User, id, cancellationToken);
        return result.Succeeded ? Ok(new { password = result.Value }) : Fail(result);
    }

    /// <summary>Clears a lockout after too many wrong passwords.</summary>
    [HttpPost("{id}/unlock")]
    public async Task<IActionResult> Unlock(string id, CancellationToken cancellationToken)
    {
        if (!await Can(UserPermissions.ManageUsers))
        {
            return Forbid();
        }

        var result = await admin.UnlockAsync(User, id, cancellationToken);
        return result.Succeeded ? Ok(result.Value) : Fail(result);
    }
}

/// <summary>Roles and permissions (permission 管理角色和权限).</summary>
[ApiController]
[Authorize]
[Tags("Roles")]
public sealed class RolesApiController(UserAdministration admin, IAuthorizationService authorization) : UsersApiBase(authorization)
{
    [HttpGet("/api/roles")]
    public async Task<IActionResult> List(CancellationToken cancellationToken)
        => await Can(UserPermissions.ManageRoles) || await Can(UserPermissions.ManageUsers)
            ? Ok(await admin.ListRolesAsync(cancellationToken))
            : Forbid();

    [HttpGet("/api/roles/{name}")]
    public async Task<IActionResult> Get(string name, CancellationToken cancellationToken)
    {
        if (!await Can(UserPermissions.ManageRoles))
        {
            return Forbid();
        }

        return await admin.GetRoleAsync(name, cancellationToken) is { } role ? Ok(role) : Problem(title: "角色不存在", statusCode: StatusCodes.Status404NotFound);
    }

    [HttpPost("/api/roles")]
    public async Task<IActionResult> Create([FromBody] RoleInput input, CancellationToken cancellationToken)
    {
        if (!await Can(UserPermissions.ManageRoles))
        {
            return Forbid();
        }

        var result = await admin.CreateRoleAsync(input, cancellationToken);
        return result.Succeeded ? Created($"/api/roles/{result.Value!.Name}", result.Value) : Fail(result);
    }

    /// <summary>Sets display name, description and permissions ({displayName, description, permissions:[...]}).</summary>
    [HttpPut("/api/roles/{name}")]
    public async Task<IActionResult> Update(string name, [FromBody] RoleInput input, CancellationToken cancellationToken)
    {
        if (!await Can(UserPermissions.ManageRoles))
        {
            return Forbid();
        }

        var result = await admin.UpdateRoleAsync(name, input, cancellationToken);
        return result.Succeeded ? Ok(result.Value) : Fail(result);
    }

    [HttpDelete("/api/roles/{name}")]
    public async Task<IActionResult> Delete(string name, CancellationToken cancellationToken)
    {
        if (!await Can(UserPermissions.ManageRoles))
        {
            return Forbid();
        }

        var result = await admin.DeleteRoleAsync(name, cancellationToken);
        return result.Succeeded ? NoContent() : Fail(result);
    }

    /// <summary>Every permission of the enabled features: name, description, category.</summary>
    [HttpGet("/api/permissions")]
    public async Task<IActionResult> Permissions()
        => await Can(UserPermissions.ManageRoles) ? Ok(admin.AllPermissions()) : Forbid();
}
