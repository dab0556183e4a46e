using System.Security.Claims;
using Grassroots.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Grassroots.Security;

/// <summary>Grants a <see cref="PermissionRequirement"/> when one of the user's roles holds the permission (administrators hold all).</summary>
internal sealed class PermissionHandler(GrassrootsDbContext db, IMemoryCache cache) : AuthorizationHandler<PermissionRequirement>
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var roles = context.User.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        if (roles.Contains(StandardPermissions.AdministratorRole, StringComparer.Ordinal))
        {
            context.Succeed(requirement);
            return;
        }

        foreach (var role in roles)
        {
            var permissions = await cache.GetOrCreateAsync($"grassroots:role-permissions:{role}", async entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = CacheFor;
                var list = await (from r in db.Roles
                                  join c in db.RoleClaims on r.Id equals c.RoleId
                                  where r.Name == role && c.ClaimType == GrassrootsRole.PermissionClaimType
                                  select c.ClaimValue).ToListAsync();
                return list.Where(v => v is not null).Select(v => v!).ToHashSet(StringComparer.Ordinal);
            });
            if (permissions is not null && permissions.Contains(requirement.Permission.Name))
            {
                context.Succeed(requirement);
                return;
            }
        }
    }
}
