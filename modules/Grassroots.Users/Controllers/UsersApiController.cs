using System.Security.Claims;
using Grassroots.Commands;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Grassroots.Users.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.Users.Controllers;

/// <summary>Shared helpers for the user and role APIs.</summary>
public abstract class UsersApiBase(IAuthorizationService authorization) : ControllerBase
{
    protected Task<bool> Can(Permission permission) => authorization.AuthorizeAsync(User, permission);

    /// <summary>The answers of the user and role commands that differ from the shared defaults.</summary>
    private static readonly CommandProblemTitles Titles = new()
    {
        ForbiddenDetail = "只能管理本管辖范围内、权限不超过您自己的用户；系统管理员只能由系统管理员管理。",
    };

    protected IActionResult Answer<T>(CommandResult<T> result, Func<T, IActionResult> success) => CommandProblems.Answer(this, result, success, Titles);
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
        return Answer(result, created => Created($"/api/users/{created.User.Id}", new { user = created.User, generatedPassword = created.GeneratedPassword }));
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
        return Answer(result, Ok);
    }

    /// <summary>Sets a generated password, returned once in <c>password</c>; the user must change it at the next sign-in.</summary>
    [HttpPost("{id}/reset-password")]
    public async Task<IActionResult> ResetPassword(string id, CancellationToken cancellationToken)
    {
        if (!await Can(UserPermissions.ManageUsers))
        {
            return Forbid();
        }

        return Answer(await admin.ResetPasswordAsync(User, id, cancellationToken), password => Ok(new { password }));
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
        return Answer(result, Ok);
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

        return Answer(await admin.CreateRoleAsync(input, cancellationToken), role => Created($"/api/roles/{role.Name}", role));
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
        return Answer(result, Ok);
    }

    [HttpDelete("/api/roles/{name}")]
    public async Task<IActionResult> Delete(string name, CancellationToken cancellationToken)
    {
        if (!await Can(UserPermissions.ManageRoles))
        {
            return Forbid();
        }

        return Answer(await admin.DeleteRoleAsync(name, cancellationToken), _ => NoContent());
    }

    /// <summary>Every permission of the enabled features: name, description, category.</summary>
    [HttpGet("/api/permissions")]
    public async Task<IActionResult> Permissions()
        => await Can(UserPermissions.ManageRoles) ? Ok(admin.AllPermissions()) : Forbid();
}
