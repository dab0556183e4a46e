using Grassroots.ContentManagement;
using Grassroots.OrgUnits;

namespace Grassroots.Security;

/// <summary>
/// The subtree of the org tree a user acts in (管辖范围): the county sees everything, a town its villages and grids,
/// a village its grids, a grid member the grid. <see cref="None"/> sees nothing.
/// </summary>
/// <param name="OrgUnitCode">The user's org unit.</param>
/// <param name="OrgPath">Its materialised path, e.g. <c>/370725/370725107/</c>; null for none.</param>
public sealed record Jurisdiction(string? OrgUnitCode, string? OrgPath)
{
    public static Jurisdiction None { get; } = new(null, null);

    public bool IsNone => OrgPath is null;

    /// <summary>Whether a unit (by its path) lies inside the jurisdiction.</summary>
    public bool Contains(string? orgPath)
        => OrgPath is not null && orgPath is not null && orgPath.StartsWith(OrgPath, StringComparison.Ordinal);
}

/// <summary>Filters queries by jurisdiction in the database, never after loading.</summary>
public static class JurisdictionQueryExtensions
{
    public static IQueryable<ContentItemRecord> WithinJurisdiction(this IQueryable<ContentItemRecord> query, Jurisdiction jurisdiction)
    {
        if (jurisdiction.OrgPath is not { } path)
        {
            return query.Where(_ => false);
        }

        return query.Where(r => r.OrgPath.StartsWith(path));
    }

    public static IQueryable<OrgUnit> WithinJurisdiction(this IQueryable<OrgUnit> query, Jurisdiction jurisdiction)
    {
        if (jurisdiction.OrgPath is not { } path)
        {
            return query.Where(_ => false);
        }

        return query.Where(u => u.Path.StartsWith(path));
    }
}
