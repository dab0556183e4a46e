namespace Grassroots.OrgUnits.Controllers;

/// <summary>An org unit in the tree API.</summary>
public sealed record OrgUnitDto(string Code, string Name, string Level, string? ParentCode, int ChildCount)
{
    public static OrgUnitDto From(OrgUnitSummary s) => new(s.Code, s.Name, LevelName(s.Level), s.ParentCode, s.ChildCount);

    public static string LevelName(OrgUnitLevel level) => level switch
    {
        OrgUnitLevel.County => "county",
        OrgUnitLevel.Town => "town",
        OrgUnitLevel.Village => "village",
        OrgUnitLevel.Grid => "grid",
        OrgUnitLevel.SpecialGrid => "specialGrid",
        _ => level.ToString(),
    };

    /// <summary>Chinese source text of a level.</summary>
    public static string LevelText(OrgUnitLevel level) => level switch
    {
        OrgUnitLevel.County => "县",
        OrgUnitLevel.Town => "镇(街道)",
        OrgUnitLevel.Village => "村(社区)",
        OrgUnitLevel.Grid => "网格",
        OrgUnitLevel.SpecialGrid => "专项网格",
        _ => level.ToString(),
    };
}

/// <summary>One unit with its lineage (root first, ending with the unit itself).</summary>
public sealed record OrgUnitDetailDto(string Code, string Name, string Level, string? ParentCode, string Path, int ChildCount,
    IReadOnlyList<OrgUnitLineageDto> Lineage);

/// <summary>An ancestor in a lineage.</summary>
public sealed record OrgUnitLineageDto(string Code, string Name, string Level);
