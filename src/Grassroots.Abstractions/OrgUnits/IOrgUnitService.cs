namespace Grassroots.OrgUnits;

/// <summary>Reads the org tree.</summary>
public interface IOrgUnitService
{
    Task<OrgUnit?> GetAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Children of <paramref name="parentCode"/>, or the roots when null, in code order.</summary>
    Task<IReadOnlyList<OrgUnitSummary>> GetChildrenAsync(string? parentCode, CancellationToken cancellationToken = default);

    /// <summary>The unit and its ancestors, root first.</summary>
    Task<IReadOnlyList<OrgUnit>> GetLineageAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>The root (county) unit, or null before setup.</summary>
    Task<OrgUnit?> GetRootAsync(CancellationToken cancellationToken = default);
}

/// <summary>An org unit with the number of its children, as the tree API returns it.</summary>
public sealed record OrgUnitSummary(string Code, string Name, OrgUnitLevel Level, string? ParentCode, int ChildCount);
