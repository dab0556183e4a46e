namespace Grassroots.Security;

/// <summary>
/// The subtree of the org tree a user acts in (管辖范围): the county sees everything, a town its villages and grids,
/// a village its grids, a grid member the grid. <see cref="None"/> sees nothing.
/// </summary>
/// <param name="OrgUnitCode">The user's org unit.</param>
/// <param name="OrgPath">Its materialised path, e.g. <c>/370725/370725107/</c>; null for none.</param>
public sealed record Jurisdiction(string? OrgUnitCode, string? OrgPath)
{
    /// <summary>The separator of materialised org paths; every path begins and ends with it.</summary>
    public const char Separator = '/';

    public static Jurisdiction None { get; } = new(null, null);

    /// <summary>The whole tree, for unauthenticated public figures (e.g. the public disclosure).</summary>
    public static Jurisdiction Everything { get; } = new(null, Separator.ToString());

    /// <summary>The subtree under a path (null: nothing).</summary>
    public static Jurisdiction Under(string? orgPath) => orgPath is null ? None : new(null, orgPath);

    public bool IsNone => OrgPath is null;

    /// <summary>
    /// The one rule for the county level: a jurisdiction at the root of the org tree (a path of one unit,
    /// <c>/370725/</c>) or <see cref="Everything"/> sees every row, including rows that belong to no unit.
    /// </summary>
    public bool SeesEverything => Prefix is { } prefix && (prefix.Length <= 1 || prefix.IndexOf(Separator, 1) == prefix.Length - 1);

    /// <summary>
    /// The path as a prefix ending with the separator, so that <c>/370725/01</c> never matches <c>/370725/010/</c>;
    /// null for <see cref="None"/>.
    /// </summary>
    public string? Prefix => OrgPath is null ? null : OrgPath.EndsWith(Separator) ? OrgPath : OrgPath + Separator;

    /// <summary>Whether a unit (by its path) lies inside the jurisdiction.</summary>
    public bool Contains(string? orgPath) => Prefix is { } prefix && IsUnder(orgPath, prefix);

    /// <summary>
    /// The paths of the units strictly above the jurisdiction's unit, nearest last (<c>/370725/</c>,
    /// <c>/370725/370725107/</c> for a village under that town): the owners whose publications reach it.
    /// </summary>
    public IReadOnlyList<string> AncestorPaths
    {
        get
        {
            var ancestors = new List<string>();
            if (Prefix is not { Length: > 1 } prefix)
            {
                return ancestors;
            }

            for (var end = prefix.IndexOf(Separator, 1); end >= 0 && end < prefix.Length - 1; end = prefix.IndexOf(Separator, end + 1))
            {
                ancestors.Add(prefix[..(end + 1)]);
            }

            return ancestors;
        }
    }

    /// <summary>Whether <paramref name="orgPath"/> is <paramref name="ancestorPath"/> or lies below it (in memory).</summary>
    public static bool IsUnder(string? orgPath, string? ancestorPath)
    {
        if (orgPath is null || ancestorPath is null)
        {
            return false;
        }

        var prefix = ancestorPath.EndsWith(Separator) ? ancestorPath : ancestorPath + Separator;
        var path = orgPath.EndsWith(Separator) ? orgPath : orgPath + Separator;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }
}
