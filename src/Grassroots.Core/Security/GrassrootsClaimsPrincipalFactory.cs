using System.Security.Claims;
using Grassroots.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Grassroots.Security;

/// <summary>
/// Adds the user's org unit, preferred culture (<c>grassroots:culture</c>), a hash of the security stamp and, while the
/// password must be changed, <see cref="CredentialClaims.MustChangePassword"/> to the sign-in cookie.
/// </summary>
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

        identity.AddClaim(new Claim(CredentialClaims.StampHash, CredentialCheck.Hash(await UserManager.GetSecurityStampAsync(user))));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(CredentialClaims.MustChangePassword, "true"));
        }

        return identity;
    }
}
