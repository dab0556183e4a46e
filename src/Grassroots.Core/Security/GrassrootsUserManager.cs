using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Security;

/// <summary>
/// Identity's user manager with the platform's guarantees, whatever code path calls it:
/// <list type="bullet">
/// <item>the last enabled system administrator is never disabled nor removed from the Administrator role;</item>
/// <item>a lockout changes the security stamp, so the user's existing sessions and tokens stop working;</item>
/// <item>every save drops the user's cached credential state on this node (<see cref="CredentialCheck"/>).</item>
/// </list>
/// Password resets and changes already change the stamp in Identity itself.
/// </summary>
internal sealed class GrassrootsUserManager(
    IUserStore<GrassrootsUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<GrassrootsUser> passwordHasher,
    IEnumerable<IUserValidator<GrassrootsUser>> userValidators,
    IEnumerable<IPasswordValidator<GrassrootsUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<GrassrootsUser>> logger,
    IMemoryCache cache)
    : UserManager<GrassrootsUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    private static IdentityResult LastAdministrator
        => IdentityResult.Failed(new IdentityError { Code = "LastAdministrator", Description = UserManagementRules.LastAdministrator });

    protected override async Task<IdentityResult> UpdateUserAsync(GrassrootsUser user)
    {
        if (user.IsDisabled && !await StoredIsDisabledAsync(user) && await IsLastEnabledAdministratorAsync(user))
        {
            return LastAdministrator;
        }

        var result = await base.UpdateUserAsync(user);
        CredentialCheck.Forget(cache, user.Id);
        return result;
    }

    public override async Task<IdentityResult> RemoveFromRoleAsync(GrassrootsUser user, string role)
        => IsAdministratorRole(role) && !user.IsDisabled && await IsLastEnabledAdministratorAsync(user)
            ? LastAdministrator
            : await base.RemoveFromRoleAsync(user, role);

    public override async Task<IdentityResult> RemoveFromRolesAsync(GrassrootsUser user, IEnumerable<string> roles)
    {
        var list = roles.ToList();
        return list.Any(IsAdministratorRole) && !user.IsDisabled && await IsLastEnabledAdministratorAsync(user)
            ? LastAdministrator
            : await base.RemoveFromRolesAsync(user, list);
    }

    public override async Task<IdentityResult> AccessFailedAsync(GrassrootsUser user)
    {
        var result = await base.AccessFailedAsync(user);
        if (result.Succeeded && await IsLockedOutAsync(user))
        {
            // This failure locked the account: cut off the sessions and tokens it already has.
            return await UpdateSecurityStampAsync(user);
        }

        return result;
    }

    /// <summary>Whether the user is an administrator and no other enabled user is one.</summary>
    private async Task<bool> IsLastEnabledAdministratorAsync(GrassrootsUser user)
        => await IsInRoleAsync(user, StandardPermissions.AdministratorRole)
            && !(await GetUsersInRoleAsync(StandardPermissions.AdministratorRole)).Any(u => u.Id != user.Id && !u.IsDisabled);

    /// <summary>The flag as saved (the tracked entity already carries the change being saved).</summary>
    private async Task<bool> StoredIsDisabledAsync(GrassrootsUser user)
        => await Users.Where(u => u.Id == user.Id).Select(u => u.IsDisabled).FirstOrDefaultAsync(CancellationToken);

    private bool IsAdministratorRole(string role)
        => string.Equals(NormalizeName(role), NormalizeName(StandardPermissions.AdministratorRole), StringComparison.Ordinal);
}
