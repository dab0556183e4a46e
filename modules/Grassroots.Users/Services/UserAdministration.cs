using System.Security.Claims;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.Commands;
using Grassroots.Data;
using Grassroots.Modules;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Grassroots.Users.Services;

/// <summary>A user as the lists and the API show it.</summary>
public sealed record UserDto(
    string Id,
    string UserName,
    string DisplayName,
    string? OrgUnitCode,
    string? OrgUnitName,
    IReadOnlyList<string> Roles,
    bool IsDisabled,
    bool IsLockedOut,
    DateTime? LockoutEndUtc,
    bool TwoFactorEnabled,
    string? Culture,
    DateTime CreatedUtc,
    bool MustChangePassword,
    bool CanManage);

/// <summary>Body of <c>POST /api/users</c> and <c>PUT /api/users/{id}</c>.</summary>
public sealed class UserInput
{
    public string? UserName { get; set; }
    public string? DisplayName { get; set; }
    public string? OrgUnitCode { get; set; }
    /// <summary>The user's roles; on update, null (absent) keeps the current roles and an empty list removes them all.</summary>
    public List<string>? Roles { get; set; }

    /// <summary>Initial password (create only); leave empty and set <see cref="GeneratePassword"/> to get one generated.</summary>
    public string? Password { get; set; }

    public bool GeneratePassword { get; set; }

    /// <summary>Update only: disable (true) or enable (false); null leaves it.</summary>
    public bool? IsDisabled { get; set; }
}

/// <summary>A role as the lists and the API show it.</summary>
public sealed record RoleDto(string Name, string DisplayName, string Description, IReadOnlyList<string> Permissions, int UserCount);

/// <summary>Body of <c>POST /api/roles</c> and <c>PUT /api/roles/{name}</c>.</summary>
public sealed class RoleInput
{
    public string? Name { get; set; }
    public string? DisplayName { get; set; }
    public string? Description { get; set; }
    public List<string>? Permissions { get; set; }
}

/// <summary>A created user and, when asked for, the generated password (shown once).</summary>
public sealed record CreatedUser(UserDto User, string? GeneratedPassword);

/// <summary>
/// User, role and permission administration shared by the dashboard screens and the API; every change is audited.
/// User methods take the acting principal: they see only users inside the actor's jurisdiction (filtered in the
/// database; users outside answer as missing), may only place users inside it, and may only grant roles whose
/// permissions the actor holds (the Administrator role only by administrators). They change (edit, disable, reset,
/// unlock, change roles) only users whose permissions are a subset of the actor's own, a system administrator only when
/// the actor is one, and never disable nor demote the last enabled system administrator (<see cref="UserManagementRules"/>).
/// Role management (ManageRoles) is a county-level task and is not restricted by jurisdiction.
/// </summary>
public sealed class UserAdministration(
    UserManager<GrassrootsUser> users,
    RoleManager<GrassrootsRole> roles,
    IDbContextAccessor data,
    IOrgUnitService orgUnits,
    IEnabledServices<IPermissionProvider> permissionProviders,
    IJurisdictionService jurisdictions,
    IAuditTrail audit,
    IMemoryCache cache,
    ILoginThrottle throttle,
    IDistributedLock locks,
    TimeProvider clock)
{
    private const string AdministratorsLock = "users:administrators";

    private DbContext Db => data.DbContext;

    /// <summary>Every permission of the enabled features, distinct by name, in provider order.</summary>
    public IReadOnlyList<Permission> AllPermissions()
        => permissionProviders.All.SelectMany(p => p.GetPermissions()).DistinctBy(p => p.Name).ToList();

    /// <summary>The acting user: id, jurisdiction, whether it is the root (county) unit, administrator, held permissions.</summary>
    private sealed record Actor(string? Id, Jurisdiction Jurisdiction, bool IsRoot, bool IsAdministrator, IReadOnlySet<string> Permissions);

    private async Task<Actor> ActorAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal.FindFirstValue("sub");
        var jurisdiction = await jurisdictions.GetAsync(principal, ct);
        var isRoot = jurisdiction.SeesEverything;
        var roleNames = id is null
            ? []
            : await (from ur in Db.Set<IdentityUserRole<string>>()
                     join r in Db.Set<GrassrootsRole>() on ur.RoleId equals r.Id
                     where ur.UserId == id
                     select r.Name!).ToListAsync(ct);
        var permissions = await EffectivePermissionsAsync(roleNames, ct);
        return new Actor(id, jurisdiction, isRoot, roleNames.Contains(StandardPermissions.AdministratorRole), permissions.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Users inside the actor's jurisdiction, in SQL; the root unit also sees users without an org unit.</summary>
    private IQueryable<GrassrootsUser> UsersWithin(Actor actor)
    {
        var all = Db.Set<GrassrootsUser>().AsNoTracking();
        if (actor.IsRoot)
        {
            return all;
        }

        if (actor.Jurisdiction.IsNone)
        {
            return all.Where(_ => false);
        }

        return from u in all
               join o in Db.Set<OrgUnit>().WithinJurisdiction(actor.Jurisdiction) on u.OrgUnitCode equals o.Code
               select u;
    }

    private async Task<bool> IsWithinAsync(Actor actor, string id, CancellationToken ct)
        => await UsersWithin(actor).AnyAsync(u => u.Id == id, ct);

    /// <summary>Every role's permissions by role name (the Administrator role holds all).</summary>
    private async Task<Dictionary<string, HashSet<string>>> RolePermissionsAsync(CancellationToken ct)
    {
        var rows = await (from r in Db.Set<GrassrootsRole>()
                          join c in Db.Set<IdentityRoleClaim<string>>() on r.Id equals c.RoleId into claims
                          from c in claims.Where(c => c.ClaimType == GrassrootsRole.PermissionClaimType).DefaultIfEmpty()
                          select new { r.Name, Permission = c == null ? null : c.ClaimValue }).ToListAsync(ct);
        var map = rows.GroupBy(r => r.Name!, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.Where(r => r.Permission is not null).Select(r => r.Permission!).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        map[StandardPermissions.AdministratorRole] = AllPermissions().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return map;
    }

    /// <summary>Why the actor may not manage a user holding <paramref name="targetRoles"/>, or null when it may (jurisdiction is checked apart).</summary>
    private static string? ManageRefusal(Actor actor, IEnumerable<string> targetRoles, Dictionary<string, HashSet<string>> rolePermissions)
    {
        if (actor.IsAdministrator)
        {
            return null;
        }

        var roleList = targetRoles.ToList();
        if (roleList.Contains(StandardPermissions.AdministratorRole, StringComparer.Ordinal))
        {
            return UserManagementRules.AdministratorsOnly;
        }

        var held = roleList.SelectMany(r => rolePermissions.TryGetValue(r, out var p) ? p : []);
        return held.All(actor.Permissions.Contains) ? null : UserManagementRules.HigherPermissions;
    }

    /// <summary>
    /// The user (tracked, for a change) when it is inside the actor's jurisdiction and the actor may manage it; otherwise
    /// the refusal: missing (outside answers like missing) or forbidden with the reason.
    /// </summary>
    private async Task<(GrassrootsUser? User, IReadOnlyList<string> Roles, CommandResult<TResult>? Refusal)> ManageableAsync<TResult>(Actor actor, string id, CancellationToken ct)
    {
        var user = await IsWithinAsync(actor, id, ct) ? await users.FindByIdAsync(id) : null;
        if (user is null)
        {
            return (null, [], CommandResult.NotFound());
        }

        var roleNames = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList();
        return ManageRefusal(actor, roleNames, await RolePermissionsAsync(ct)) is { } reason
            ? (null, roleNames, (CommandResult<TResult>)CommandResult.Forbidden(reason))
            : (user, roleNames, null);
    }

    /// <summary>Why the signed-in user may not manage the user, or null when it may (for the screens: what to offer).</summary>
    public async Task<string?> ManageRefusalAsync(ClaimsPrincipal principal, UserDto user, CancellationToken ct = default)
        => ManageRefusal(await ActorAsync(principal, ct), user.Roles, await RolePermissionsAsync(ct));

    /// <summary>Whether <paramref name="user"/> is the only enabled system administrator.</summary>
    private async Task<bool> IsLastEnabledAdministratorAsync(GrassrootsUser user, CancellationToken ct)
        => !await (from ur in Db.Set<IdentityUserRole<string>>()
                   join r in Db.Set<GrassrootsRole>() on ur.RoleId equals r.Id
                   join u in Db.Set<GrassrootsUser>() on ur.UserId equals u.Id
                   where r.Name == StandardPermissions.AdministratorRole && u.Id != user.Id && !u.IsDisabled
                   select u.Id).AnyAsync(ct);

    public async Task<IReadOnlyList<UserDto>> ListUsersAsync(ClaimsPrincipal principal, string? search, string? orgUnitCode, string? role, string? status, CancellationToken ct = default)
    {
        var actor = await ActorAsync(principal, ct);
        var query = UsersWithin(actor);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(u => u.UserName!.Contains(term) || u.DisplayName.Contains(term));
        }

        if (!string.IsNullOrWhiteSpace(orgUnitCode))
        {
            var path = await Db.Set<OrgUnit>().Where(o => o.Code == orgUnitCode.Trim()).Select(o => o.Path).FirstOrDefaultAsync(ct);
            if (path is null)
            {
                return [];
            }

            var codes = Db.Set<OrgUnit>().WithinJurisdiction(Jurisdiction.Under(path)).Select(o => o.Code);
            query = query.Where(u => u.OrgUnitCode != null && codes.Contains(u.OrgUnitCode));
        }

        if (!string.IsNullOrWhiteSpace(role))
        {
            var ids = from ur in Db.Set<IdentityUserRole<string>>()
                      join r in Db.Set<GrassrootsRole>() on ur.RoleId equals r.Id
                      where r.Name == role
                      select ur.UserId;
            query = query.Where(u => ids.Contains(u.Id));
        }

        var now = clock.GetUtcNow();
        query = status switch
        {
            "disabled" => query.Where(u => u.IsDisabled),
            "active" => query.Where(u => !u.IsDisabled),
            _ => query,
        };
        var list = await query.OrderBy(u => u.UserName).Take(500).ToListAsync(ct);
        var dtos = await ToDtosAsync(list, actor, ct);
        return status == "locked" ? dtos.Where(u => u.IsLockedOut).ToList() : dtos;
    }

    /// <summary>One user inside the actor's jurisdiction (null when missing or outside).</summary>
    public async Task<UserDto?> GetUserAsync(ClaimsPrincipal principal, string id, CancellationToken ct = default)
    {
        var actor = await ActorAsync(principal, ct);
        var user = await UsersWithin(actor).FirstOrDefaultAsync(u => u.Id == id, ct);
        return user is null ? null : (await ToDtosAsync([user], actor, ct))[0];
    }

    public async Task<UserDto?> GetUserByNameAsync(ClaimsPrincipal principal, string userName, CancellationToken ct = default)
    {
        var actor = await ActorAsync(principal, ct);
        var normalized = users.NormalizeName(userName);
        var user = await UsersWithin(actor).FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, ct);
        return user is null ? null : (await ToDtosAsync([user], actor, ct))[0];
    }

    private async Task<UserDto> LoadAsync(string id, Actor actor, CancellationToken ct)
        => (await ToDtosAsync([await Db.Set<GrassrootsUser>().AsNoTracking().FirstAsync(u => u.Id == id, ct)], actor, ct))[0];

    private async Task<IReadOnlyList<UserDto>> ToDtosAsync(IReadOnlyList<GrassrootsUser> list, Actor actor, CancellationToken ct)
    {
        var rolePermissions = await RolePermissionsAsync(ct);
        var ids = list.Select(u => u.Id).ToList();
        var roleRows = await (from ur in Db.Set<IdentityUserRole<string>>()
                              join r in Db.Set<GrassrootsRole>() on ur.RoleId equals r.Id
                              where ids.Contains(ur.UserId)
                              select new { ur.UserId, r.Name }).ToListAsync(ct);
        var codes = list.Select(u => u.OrgUnitCode).Where(c => c != null).Distinct().ToList();
        var names = await Db.Set<OrgUnit>().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        var now = clock.GetUtcNow();

        // Locked: from some address by the sign-in throttle, or by Identity's own lockout.
        var throttled = await throttle.LockedUntilAsync(ids, ct);
        DateTime? LockedUntil(GrassrootsUser u)
            => new[] { throttled.TryGetValue(u.Id, out var t) ? t : (DateTime?)null, u.LockoutEnd > now ? u.LockoutEnd!.Value.UtcDateTime : null }.Max();
        return list.Select(u => (u, Roles: roleRows.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order(StringComparer.Ordinal).ToList())).Select(x => new UserDto(
            x.u.Id,
            x.u.UserName ?? "",
            x.u.DisplayName,
            x.u.OrgUnitCode,
            x.u.OrgUnitCode is not null && names.TryGetValue(x.u.OrgUnitCode, out var n) ? n : null,
            x.Roles,
            x.u.IsDisabled,
            LockedUntil(x.u) is not null,
            LockedUntil(x.u),
            x.u.TwoFactorEnabled,
            x.u.Culture,
            x.u.CreatedUtc,
            x.u.MustChangePassword,
            ManageRefusal(actor, x.Roles, rolePermissions) is null)).ToList();
    }

    public async Task<CommandResult<CreatedUser>> CreateUserAsync(ClaimsPrincipal principal, UserInput input, CancellationToken ct = default)
    {
        var actor = await ActorAsync(principal, ct);
        var errors = new Dictionary<string, string[]>();
        var userName = input.UserName?.Trim() ?? "";
        if (userName.Length == 0)
        {
            errors["userName"] = ["请填写用户名"];
        }
        else if (await users.FindByNameAsync(userName) is not null)
        {
            errors["userName"] = [$"用户名「{userName}」已被使用"];
        }

        await ValidateCommonAsync(actor, input, errors, ct);
        await ValidateGrantAsync(actor, input.Roles?.Distinct().ToList() ?? [], [], errors, ct);
        string? generated = null;
        var password = input.Password ?? "";
        if (password.Length == 0 && input.GeneratePassword)
        {
            password = generated = PasswordGenerator.Generate();
        }
        else if (password.Length == 0)
        {
            errors["password"] = ["请填写初始密码，或选择自动生成"];
        }
        else
        {
            var probe = new GrassrootsUser { UserName = userName };
            var messages = new List<string>();
            foreach (var validator in users.PasswordValidators)
            {
                var r = await validator.ValidateAsync(users, probe, password);
                messages.AddRange(r.Errors.Select(e => e.Description));
            }

            if (messages.Count > 0)
            {
                errors["password"] = messages.Distinct().ToArray();
            }
        }

        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }

        var user = new GrassrootsUser
        {
            UserName = userName,
            DisplayName = input.DisplayName!.Trim(),
            OrgUnitCode = input.OrgUnitCode.TrimToNull(),
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
            LockoutEnabled = true,
            // Someone else chose (or saw) this password: the user replaces it at the first sign-in.
            MustChangePassword = true,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return CommandResult.Invalid(IdentityErrors(created, "userName"));
        }

        var roleNames = input.Roles?.Distinct().ToList() ?? [];
        if (roleNames.Count > 0)
        {
            await users.AddToRolesAsync(user, roleNames);
        }

        await audit.RecordAsync(new AuditEvent
        {
            Category = AuditCategories.User,
            Action = "user.created",
            Summary = $"创建用户「{user.UserName}」（{user.DisplayName}）",
            OrgUnitCode = user.OrgUnitCode,
            Data = new JsonObject
            {
                ["userId"] = user.Id,
                ["userName"] = user.UserName,
                ["displayName"] = user.DisplayName,
                ["orgUnitCode"] = user.OrgUnitCode,
                ["roles"] = ToArray(roleNames),
                ["passwordGenerated"] = generated is not null,
            },
        }, ct);
        return CommandResult.Success(new CreatedUser((await LoadAsync(user.Id, actor, ct))!, generated));
    }

    public async Task<CommandResult<UserDto>> UpdateUserAsync(ClaimsPrincipal principal, string id, UserInput input, CancellationToken ct = default)
    {
        var actor = await ActorAsync(principal, ct);
        var actingUserId = actor.Id;
        var (user, oldRoles, refusal) = await ManageableAsync<UserDto>(actor, id, ct);
        if (user is null)
        {
            return refusal!;
        }

        // Without roles (null) the roles stay as they are; an empty list removes them all.
        var newRoles = input.Roles is null ? [.. oldRoles] : input.Roles.Distinct().ToList();
        var wasAdministrator = oldRoles.Contains(StandardPermissions.AdministratorRole);
        var demotes = wasAdministrator && !newRoles.Contains(StandardPermissions.AdministratorRole);
        var disables = input.IsDisabled == true && !user.IsDisabled;

        // Changes that could leave no enabled administrator are serialized (across nodes on PostgreSQL), so two
        // administrators cannot disable each other at the same moment.
        await using var administratorsLock = wasAdministrator && !user.IsDisabled && (demotes || disables)
            ? await locks.TryAcquireAsync(AdministratorsLock, ct) ?? NotAcquired.Instance
            : null;
        if (administratorsLock is NotAcquired)
        {
            return CommandResult.Invalid("", "另一项系统管理员变更正在进行，请稍后重试");
        }

        if (administratorsLock is not null && await IsLastEnabledAdministratorAsync(user, ct))
        {
            return CommandResult.Forbidden(UserManagementRules.LastAdministrator);
        }

        var errors = new Dictionary<string, string[]>();
        await ValidateCommonAsync(actor, input, errors, ct);
        await ValidateGrantAsync(actor, newRoles.Except(oldRoles).ToList(), oldRoles.Except(newRoles).ToList(), errors, ct);
        if (id == actingUserId && oldRoles.Contains(StandardPermissions.AdministratorRole) && !newRoles.Contains(StandardPermissions.AdministratorRole))
        {
            errors["roles"] = ["不能取消自己的系统管理员角色"];
        }

        if (id == actingUserId && input.IsDisabled == true)
        {
            errors["isDisabled"] = ["不能停用自己的账号"];
        }

        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }

        var before = new JsonObject
        {
            ["displayName"] = user.DisplayName,
            ["orgUnitCode"] = user.OrgUnitCode,
            ["roles"] = ToArray(oldRoles),
            ["isDisabled"] = user.IsDisabled,
        };
        var wasDisabled = user.IsDisabled;
        user.DisplayName = input.DisplayName!.Trim();
        user.OrgUnitCode = input.OrgUnitCode.TrimToNull();
        if (input.IsDisabled is { } disabled)
        {
            user.IsDisabled = disabled;
        }

        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return Failed(updated, "");
        }

        var remove = oldRoles.Except(newRoles).ToList();
        var add = newRoles.Except(oldRoles).ToList();
        if (remove.Count > 0 && await users.RemoveFromRolesAsync(user, remove) is { Succeeded: false } removed)
        {
            return Failed(removed, "roles");
        }

        if (add.Count > 0)
        {
            await users.AddToRolesAsync(user, add);
        }

        if (remove.Count > 0 || add.Count > 0 || wasDisabled != user.IsDisabled)
        {
            // Existing sign-in cookies and API tokens carry the old stamp: they stop working (CredentialCheck).
            await users.UpdateSecurityStampAsync(user);
        }

        var after = new JsonObject
        {
            ["displayName"] = user.DisplayName,
            ["orgUnitCode"] = user.OrgUnitCode,
            ["roles"] = ToArray(newRoles.Order(StringComparer.Ordinal)),
            ["isDisabled"] = user.IsDisabled,
        };
        await audit.RecordAsync(new AuditEvent
        {
            Category = AuditCategories.User,
            Action = wasDisabled == user.IsDisabled ? "user.updated" : user.IsDisabled ? "user.disabled" : "user.enabled",
            Summary = $"修改用户「{user.UserName}」",
            OrgUnitCode = user.OrgUnitCode,
            Data = new JsonObject { ["userId"] = user.Id, ["userName"] = user.UserName, ["before"] = before, ["after"] = after },
        }, ct);
        return CommandResult.Success((await LoadAsync(user.Id, actor, ct))!);
    }

    /// <summary>
    /// Sets a new generated password (returned once) that the user must change at the next sign-in, and clears any
    /// lockout; the user's existing sessions and tokens stop working (the reset changes the security stamp).
    /// </summary>
    public async Task<CommandResult<string>> ResetPasswordAsync(ClaimsPrincipal principal, string id, CancellationToken ct = default)
    {
        var (user, _, refusal) = await ManageableAsync<string>(await ActorAsync(principal, ct), id, ct);
        if (user is null)
        {
            return refusal!;
        }

        var password = PasswordGenerator.Generate();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        user.MustChangePassword = true;
        var result = await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded)
        {
            return CommandResult.Invalid(IdentityErrors(result, "password"));
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.RecordAsync(new AuditEvent
        {
            Category = AuditCategories.User,
            Action = "user.passwordReset",
            Summary = $"重置用户「{user.UserName}」的密码",
            OrgUnitCode = user.OrgUnitCode,
            Data = new JsonObject { ["userId"] = user.Id, ["userName"] = user.UserName },
        }, ct);
        return CommandResult.Success(password);
    }

    public async Task<CommandResult<UserDto>> UnlockAsync(ClaimsPrincipal principal, string id, CancellationToken ct = default)
    {
        var actor = await ActorAsync(principal, ct);
        var (user, _, refusal) = await ManageableAsync<UserDto>(actor, id, ct);
        if (user is null)
        {
            return refusal!;
        }

        var lockedUntil = (await ToDtosAsync([user], actor, ct))[0].LockoutEndUtc;
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await throttle.ResetAsync(user.Id, ct);
        await audit.RecordAsync(new AuditEvent
        {
            Category = AuditCategories.User,
            Action = "user.unlocked",
            Summary = $"解除用户「{user.UserName}」的锁定",
            OrgUnitCode = user.OrgUnitCode,
            Data = new JsonObject { ["userId"] = user.Id, ["userName"] = user.UserName, ["lockedUntil"] = lockedUntil?.ToString("O") },
        }, ct);
        return CommandResult.Success((await LoadAsync(user.Id, actor, ct))!);
    }

    /// <summary>
    /// Roles the actor may grant or remove: the Administrator role only by administrators; any other role only when the
    /// actor holds every permission it carries (no privilege escalation).
    /// </summary>
    private async Task ValidateGrantAsync(Actor actor, IReadOnlyCollection<string> added, IReadOnlyCollection<string> removed, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (errors.ContainsKey("roles") || actor.IsAdministrator)
        {
            return;
        }

        var changed = added.Concat(removed).Distinct().ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var claims = await (from r in Db.Set<GrassrootsRole>()
                            join c in Db.Set<IdentityRoleClaim<string>>() on r.Id equals c.RoleId
                            where changed.Contains(r.Name!) && c.ClaimType == GrassrootsRole.PermissionClaimType
                            select new { r.Name, c.ClaimValue }).ToListAsync(ct);
        var denied = changed
            .Where(role => role == StandardPermissions.AdministratorRole
                || claims.Where(c => c.Name == role).Any(c => c.ClaimValue is null || !actor.Permissions.Contains(c.ClaimValue)))
            .ToList();
        if (denied.Count > 0)
        {
            errors["roles"] = [$"无权授予或取消角色：{string.Join("、", denied)}（只能分配自己已拥有全部权限的角色）"];
        }
    }

    private async Task ValidateCommonAsync(Actor actor, UserInput input, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.DisplayName))
        {
            errors["displayName"] = ["请填写姓名"];
        }
        else if (input.DisplayName.Trim().Length > 50)
        {
            errors["displayName"] = ["姓名不能超过 50 个字符"];
        }

        var code = input.OrgUnitCode.TrimToNull();
        var unit = code is null ? null : await orgUnits.GetAsync(code, ct);
        if (code is not null && unit is null)
        {
            errors["orgUnitCode"] = [$"组织机构代码「{code}」不存在"];
        }
        else if (!actor.IsRoot && (unit is null || !actor.Jurisdiction.Contains(unit.Path)))
        {
            errors["orgUnitCode"] = code is null
                ? ["请选择所属组织机构"]
                : [$"组织机构「{unit!.Name}」（{code}）不在您的管辖范围内"];
        }

        var known = await Db.Set<GrassrootsRole>().Select(r => r.Name!).ToListAsync(ct);
        var unknown = (input.Roles ?? []).Where(r => !known.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            errors["roles"] = [$"角色不存在：{string.Join("、", unknown)}"];
        }
    }

    /// <summary>Org units a user can belong to (county, towns, villages, grids), in tree order, for the user form.</summary>
    public async Task<IReadOnlyList<OrgUnit>> OrgUnitChoicesAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var actor = await ActorAsync(principal, ct);
        var query = Db.Set<OrgUnit>().AsNoTracking();
        if (!actor.IsRoot)
        {
            query = query.WithinJurisdiction(actor.Jurisdiction);
        }

        return await query.OrderBy(o => o.Path).Take(5000).ToListAsync(ct);
    }

    // ---- roles ----

    public async Task<IReadOnlyList<RoleDto>> ListRolesAsync(CancellationToken ct = default)
    {
        var all = await Db.Set<GrassrootsRole>().AsNoTracking().ToListAsync(ct);
        var claims = await Db.Set<IdentityRoleClaim<string>>().AsNoTracking()
            .Where(c => c.ClaimType == GrassrootsRole.PermissionClaimType).ToListAsync(ct);
        var counts = await Db.Set<IdentityUserRole<string>>().GroupBy(ur => ur.RoleId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var everything = AllPermissions().Select(p => p.Name).ToList();
        return all
            .OrderBy(r => r.Name == StandardPermissions.AdministratorRole ? 0 : 1)
            .ThenBy(r => r.CreatedOrder())
            .Select(r => new RoleDto(
                r.Name!,
                r.DisplayName,
                r.Description,
                r.Name == StandardPermissions.AdministratorRole
                    ? everything
                    : claims.Where(c => c.RoleId == r.Id).Select(c => c.ClaimValue!).Order(StringComparer.Ordinal).ToList(),
                counts.FirstOrDefault(c => c.Key == r.Id)?.Count ?? 0))
            .ToList();
    }

    public async Task<RoleDto?> GetRoleAsync(string name, CancellationToken ct = default)
        => (await ListRolesAsync(ct)).FirstOrDefault(r => r.Name == name);

    public async Task<CommandResult<RoleDto>> CreateRoleAsync(RoleInput input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors["name"] = ["请填写角色标识"];
        }
        else if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || name.Length > 50)
        {
            errors["name"] = ["角色标识只能包含字母、数字、- 和 _，且不超过 50 个字符"];
        }
        else if (await roles.RoleExistsAsync(name))
        {
            errors["name"] = [$"角色「{name}」已存在"];
        }

        ValidateRole(input, errors);
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }

        var role = new GrassrootsRole { Name = name, DisplayName = input.DisplayName!.Trim(), Description = input.Description?.Trim() ?? "" };
        var result = await roles.CreateAsync(role);
        if (!result.Succeeded)
        {
            return CommandResult.Invalid(IdentityErrors(result, "name"));
        }

        var permissions = (input.Permissions ?? []).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var p in permissions)
        {
            await roles.AddClaimAsync(role, new System.Security.Claims.Claim(GrassrootsRole.PermissionClaimType, p));
        }

        await audit.RecordAsync(new AuditEvent
        {
            Category = AuditCategories.Role,
            Action = "role.created",
            Summary = $"创建角色「{role.DisplayName}」（{role.Name}）",
            Data = new JsonObject { ["role"] = role.Name, ["displayName"] = role.DisplayName, ["permissions"] = ToArray(permissions) },
        }, ct);
        return CommandResult.Success((await GetRoleAsync(name, ct))!);
    }

    public async Task<CommandResult<RoleDto>> UpdateRoleAsync(string name, RoleInput input, CancellationToken ct = default)
    {
        var role = await roles.FindByNameAsync(name);
        if (role is null)
        {
            return CommandResult.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        ValidateRole(input, errors);
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }

        var isAdmin = role.Name == StandardPermissions.AdministratorRole;
        var oldPermissions = (await roles.GetClaimsAsync(role)).Where(c => c.Type == GrassrootsRole.PermissionClaimType).Select(c => c.Value).Order(StringComparer.Ordinal).ToList();
        var before = new JsonObject { ["displayName"] = role.DisplayName, ["description"] = role.Description, ["permissions"] = ToArray(oldPermissions) };
        role.DisplayName = input.DisplayName!.Trim();
        role.Description = input.Description?.Trim() ?? "";
        await roles.UpdateAsync(role);

        // The administrator role holds every permission implicitly; its claims are not edited (it cannot be stripped).
        var newPermissions = isAdmin ? oldPermissions : (input.Permissions ?? []).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var p in oldPermissions.Except(newPermissions))
        {
            await roles.RemoveClaimAsync(role, new System.Security.Claims.Claim(GrassrootsRole.PermissionClaimType, p));
        }

        foreach (var p in newPermissions.Except(oldPermissions))
        {
            await roles.AddClaimAsync(role, new System.Security.Claims.Claim(GrassrootsRole.PermissionClaimType, p));
        }

        cache.Remove($"grassroots:role-permissions:{role.Name}");
        await audit.RecordAsync(new AuditEvent
        {
            Category = AuditCategories.Role,
            Action = "role.updated",
            Summary = $"修改角色「{role.DisplayName}」（{role.Name}）",
            Data = new JsonObject
            {
                ["role"] = role.Name,
                ["before"] = before,
                ["after"] = new JsonObject { ["displayName"] = role.DisplayName, ["description"] = role.Description, ["permissions"] = ToArray(newPermissions) },
                ["added"] = ToArray(newPermissions.Except(oldPermissions)),
                ["removed"] = ToArray(oldPermissions.Except(newPermissions)),
            },
        }, ct);
        return CommandResult.Success((await GetRoleAsync(role.Name!, ct))!);
    }

    public async Task<CommandResult<RoleDto>> DeleteRoleAsync(string name, CancellationToken ct = default)
    {
        var role = await roles.FindByNameAsync(name);
        if (role is null)
        {
            return CommandResult.NotFound();
        }

        if (role.Name == StandardPermissions.AdministratorRole)
        {
            return CommandResult.Invalid("name", "系统管理员角色不能删除");
        }

        var dto = await GetRoleAsync(name, ct);
        if (dto is { UserCount: > 0 })
        {
            return CommandResult.Invalid(new Dictionary<string, string[]>
            {
                ["name"] = [$"角色「{role.DisplayName}」仍分配给 {dto.UserCount} 个用户，不能删除；请先为这些用户改换角色"],
            });
        }

        await roles.DeleteAsync(role);
        cache.Remove($"grassroots:role-permissions:{role.Name}");
        await audit.RecordAsync(new AuditEvent
        {
            Category = AuditCategories.Role,
            Action = "role.deleted",
            Summary = $"删除角色「{role.DisplayName}」（{role.Name}）",
            Data = new JsonObject { ["role"] = role.Name, ["permissions"] = ToArray(dto?.Permissions ?? []), ["userCount"] = dto?.UserCount ?? 0 },
        }, ct);
        return CommandResult.Success(dto!);
    }

    private void ValidateRole(RoleInput input, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(input.DisplayName))
        {
            errors["displayName"] = ["请填写角色名称"];
        }

        var known = AllPermissions().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = (input.Permissions ?? []).Where(p => !known.Contains(p)).ToList();
        if (unknown.Count > 0)
        {
            errors["permissions"] = [$"权限不存在：{string.Join("、", unknown)}"];
        }
    }

    // ---- the current user ----

    /// <summary>The permissions the user's roles grant (all for administrators).</summary>
    public async Task<IReadOnlyList<string>> EffectivePermissionsAsync(IReadOnlyCollection<string> roleNames, CancellationToken ct = default)
    {
        var all = AllPermissions().Select(p => p.Name).ToList();
        if (roleNames.Contains(StandardPermissions.AdministratorRole))
        {
            return all;
        }

        var held = await (from r in Db.Set<GrassrootsRole>()
                          join c in Db.Set<IdentityRoleClaim<string>>() on r.Id equals c.RoleId
                          where roleNames.Contains(r.Name!) && c.ClaimType == GrassrootsRole.PermissionClaimType
                          select c.ClaimValue!).Distinct().ToListAsync(ct);
        return all.Where(held.Contains).ToList();
    }

    // ---- helpers ----

    private static Dictionary<string, string[]> IdentityErrors(IdentityResult result, string key)
        => new() { [key] = result.Errors.Select(e => e.Description).ToArray() };

    /// <summary>A failed user save: the user manager's last-administrator guard is a refusal, anything else a field error.</summary>
    private static CommandResult<UserDto> Failed(IdentityResult result, string key)
        => result.Errors.FirstOrDefault(e => e.Code == "LastAdministrator") is { } last
            ? CommandResult.Forbidden(last.Description)
            : CommandResult.Invalid(IdentityErrors(result, key));

    /// <summary>Stands for a lock another request holds.</summary>
    private sealed class NotAcquired : IAsyncDisposable
    {
        public static readonly NotAcquired Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static JsonArray ToArray(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}

internal static class RoleOrdering
{
    private static readonly string[] Defaults = ["Administrator", "CountyAdmin", "TownStaff", "VillageStaff", "GridMember", "Inspector", "Resident"];

    public static int CreatedOrder(this GrassrootsRole role)
    {
        var i = Array.IndexOf(Defaults, role.Name);
        return i < 0 ? Defaults.Length : i;
    }
}
