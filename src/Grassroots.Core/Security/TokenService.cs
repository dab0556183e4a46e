using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;

namespace Grassroots.Security;

/// <summary>
/// Issues one-hour JWTs carrying the user's name, roles, org unit and a hash of the security stamp (checked on every request
/// by <see cref="CredentialCheck"/>, so a token stops working when the user is disabled, locked, demoted or re-passworded).
/// </summary>
internal sealed class TokenService(JwtKeyProvider keys, UserManager<GrassrootsUser> users, TimeProvider clock) : ITokenService
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public async Task<AccessToken> CreateTokenAsync(GrassrootsUser user, CancellationToken cancellationToken = default)
    {
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.Id),
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.UserName ?? ""),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            new(CredentialClaims.StampHash, CredentialCheck.Hash(await users.GetSecurityStampAsync(user))),
        };
        if (user.OrgUnitCode is not null)
        {
            claims.Add(new Claim("grassroots:org", user.OrgUnitCode));
        }

        claims.AddRange((await users.GetRolesAsync(user)).Select(r => new Claim(ClaimTypes.Role, r)));
        var now = clock.GetUtcNow().UtcDateTime;
        var token = new JwtSecurityToken(
            JwtKeyProvider.Issuer,
            JwtKeyProvider.Audience,
            claims,
            notBefore: now,
            expires: now + Lifetime,
            signingCredentials: new SigningCredentials(keys.GetKey(), SecurityAlgorithms.HmacSha256));
        return new AccessToken(new JwtSecurityTokenHandler().WriteToken(token), (int)Lifetime.TotalSeconds);
    }
}
