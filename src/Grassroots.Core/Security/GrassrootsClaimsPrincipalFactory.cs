using System.Security.Claims;
using Grassroots.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Grassroots.Security;

/// <summary>Adds the user's org unit and preferred culture (<c>grassroots:culture</c>) to the sign-in cookie.</summary>
internal sealed class GrassrootsClaimsPrincipalFactory(
    UserManager<GrassrootsUser> users,
    RoleManager<GrassrootsRole> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<GrassrootsUser, GrassrootsRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(GrassrootsUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (GrassrootsCultures.IsSupported(user.Culture))
        {
            identity.AddClaim(new Claim(GrassrootsCultures.ClaimType, user.Culture!));
        }

        if (user.OrgUnitCode is not null)
        {
            identity.AddClaim(new Claim("grassroots:org", user.OrgUnitCode));
        }

        return identity;
    }
}
