namespace Grassroots.OrgUnits;

/// <summary>
/// An org unit (组织单元): 县 county, 镇(街道) town, 村(社区) village, 网格 grid, or a special-purpose grid, keyed by the
/// official statistical division code (grids extend their village's code).
/// </summary>
public sealed class OrgUnit
{
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public OrgUnitLevel Level { get; set; }

    public string? ParentCode { get; set; }

    /// <summary>Codes from the root down, slash-separated and slash-terminated: <c>/370725/370725001/</c>.</summary>
    public string Path { get; set; } = "";

    public int SortOrder { get; set; }
}

/// <summary>Levels of the org tree.</summary>
public enum OrgUnitLevel
{
    /// <summary>县</summary>
    County = 1,
    /// <summary>镇(街道)</summary>
    Town = 2,
    /// <summary>村(社区)</summary>
    Village = 3,
    /// <summary>网格</summary>
    Grid = 4,
    /// <summary>专项网格 (by industry, age group, hobby)</summary>
    SpecialGrid = 5,
}
