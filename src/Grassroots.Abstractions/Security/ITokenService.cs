namespace Grassroots.Security;

/// <summary>Issues JWT access tokens for the HTTP API; the signing key is generated once and kept in the database.</summary>
public interface ITokenService
{
    Task<AccessToken> CreateTokenAsync(GrassrootsUser user, CancellationToken cancellationToken = default);
}

/// <summary>An issued token.</summary>
public sealed record AccessToken(string Token, int ExpiresInSeconds);
