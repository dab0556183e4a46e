using System.Text.Json.Nodes;
using Grassroots.Data;
using Grassroots.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Recipes.Steps;

/// <summary>
/// <c>{"name":"orgUnits","source":"../data/changle-370725.csv"}</c> (columns <c>code,name,level,parent_code</c>) or
/// <c>"units":[{"code","name","level","parentCode"}]</c>. Upserts by code; a unit whose parent is not loaded is a root.
/// </summary>
internal sealed class OrgUnitsStep(GrassrootsDbContext db) : IRecipeStepHandler
{
    public string Name => "orgUnits";

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        var rows = new List<(string Code, string Name, OrgUnitLevel Level, string? Parent, string Path)>();
        if (context.Optional("source") is not null)
        {
            var file = RecipeFiles.Resolve(context, "source");
            var relative = context.Optional("source")!.GetValue<string>();

            var lines = await File.ReadAllLinesAsync(file, context.CancellationToken);
            for (var i = 1; i < lines.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i]))
                {
                    continue;
                }

                var cells = lines[i].Split(',');
                if (cells.Length < 4)
                {
                    throw new RecipeStepException("source", $"{relative} 第 {i + 1} 行应有 4 列（code,name,level,parent_code）");
                }

                rows.Add((cells[0].Trim(), cells[1].Trim(), ParseLevel(cells[2].Trim(), $"source（{relative} 第 {i + 1} 行）"), Empty(cells[3]), $"source（{relative} 第 {i + 1} 行）"));
            }
        }

        if (context.Optional("units") is JsonArray units)
        {
            for (var i = 0; i < units.Count; i++)
            {
                var path = $"units[{i}]";
                var unit = units[i] as JsonObject ?? throw new RecipeStepException(path, "必须是 JSON 对象");
                var code = unit["code"]?.GetValue<string>() ?? throw new RecipeStepException(path + ".code", "缺少 code");
                var name = unit["name"]?.GetValue<string>() ?? throw new RecipeStepException(path + ".name", "缺少 name");
                var level = ParseLevel(unit["level"]?.GetValue<string>() ?? "", path + ".level");
                rows.Add((code, name, level, Empty(unit["parentCode"]?.GetValue<string>()), path));
            }
        }

        var existing = await db.OrgUnits.ToDictionaryAsync(u => u.Code, context.CancellationToken);
        var incoming = rows.ToDictionary(r => r.Code, r => r);
        var order = 0;
        foreach (var row in rows)
        {
            if (!row.Code.All(char.IsAsciiLetterOrDigit) || row.Code.Length is 0 or > 32)
            {
                throw new RecipeStepException(row.Path, $"组织代码「{row.Code}」无效");
            }

            var parent = row.Parent is not null && (incoming.ContainsKey(row.Parent) || existing.ContainsKey(row.Parent)) ? row.Parent : null;
            var path = BuildPath(row.Code, parent, incoming, existing);
            if (!existing.TryGetValue(row.Code, out var unit))
            {
                unit = new OrgUnit { Code = row.Code };
                db.OrgUnits.Add(unit);
                existing[row.Code] = unit;
            }

            unit.Name = row.Name;
            unit.Level = row.Level;
            unit.ParentCode = parent;
            unit.Path = path;
            unit.SortOrder = order++;
        }

        await db.SaveChangesAsync(context.CancellationToken);
    }

    private static string BuildPath(string code, string? parent,
        Dictionary<string, (string Code, string Name, OrgUnitLevel Level, string? Parent, string Path)> incoming,
        Dictionary<string, OrgUnit> existing)
    {
        var chain = new List<string> { code };
        var current = parent;
        while (current is not null && chain.Count < 10)
        {
            chain.Add(current);
            current = incoming.TryGetValue(current, out var r) ? (r.Parent is not null && (incoming.ContainsKey(r.Parent) || existing.ContainsKey(r.Parent)) ? r.Parent : null)
                : existing.TryGetValue(current, out var u) ? u.ParentCode : null;
        }

        chain.Reverse();
        return "/" + string.Join('/', chain) + "/";
    }

    private static OrgUnitLevel ParseLevel(string level, string path) => level.ToLowerInvariant() switch
    {
        "county" or "县" => OrgUnitLevel.County,
        "town" or "镇" or "街道" => OrgUnitLevel.Town,
        "village" or "村" or "社区" => OrgUnitLevel.Village,
        "grid" or "网格" => OrgUnitLevel.Grid,
        "specialgrid" or "专项网格" => OrgUnitLevel.SpecialGrid,
        _ => throw new RecipeStepException(path, $"层级「{level}」无效（应为 county、town、village、grid 或 specialGrid）"),
    };

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
