using System.Security.Claims;
using Grassroots.Security;

namespace Grassroots.AuditTrail;

/// <summary>
/// Which audit entries a viewer may see: county-level viewers (jurisdiction at the root unit) see everything, others
/// only entries of org units in their subtree (applied in the query through <see cref="Audit.AuditFilter.OrgPath"/>),
/// and a viewer without a jurisdiction sees nothing.
/// </summary>
public sealed class AuditJurisdiction(IJurisdictionService jurisdictions)
{
    /// <summary>Null path: no restriction. <c>None</c>: nothing visible.</summary>
    public sealed record Scope(bool None, string? OrgPath);

    public async Task<Scope> GetAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var jurisdiction = await jurisdictions.GetAsync(user, cancellationToken);
        if (jurisdiction.OrgPath is not { } path)
        {
            return new Scope(true, null);
        }

        return jurisdiction.SeesEverything ? new Scope(false, null) : new Scope(false, path);
    }
}
