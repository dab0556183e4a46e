using System.Security.Claims;

namespace Grassroots.Security;

/// <summary>Resolves a user's jurisdiction from the database (so a user moved to another unit takes effect at once).</summary>
public interface IJurisdictionService
{
    Task<Jurisdiction> GetAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);
}
