using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Grassroots.Security;

/// <summary>Checks a <see cref="Permission"/> through ASP.NET Core authorization.</summary>
public static class PermissionAuthorizationExtensions
{
    public static async Task<bool> AuthorizeAsync(this IAuthorizationService service, ClaimsPrincipal user, Permission permission)
        => (await service.AuthorizeAsync(user, null, new PermissionRequirement(permission))).Succeeded;
}

/// <summary>Requirement satisfied when the user's roles grant the permission.</summary>
public sealed class PermissionRequirement(Permission permission) : IAuthorizationRequirement
{
    public Permission Permission { get; } = permission;
}
