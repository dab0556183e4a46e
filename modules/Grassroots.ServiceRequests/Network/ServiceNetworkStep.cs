using System.Text.Json.Nodes;
using Grassroots.Data;
using Grassroots.OrgUnits;
using Grassroots.Recipes;
using Grassroots.Security;
using Grassroots.ServiceRequests.Models;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.ServiceRequests.Network;

/// <summary>
/// Recipe step <c>serviceNetwork</c>:
/// <c>{"name":"serviceNetwork","generate":true,"points":[{"code","name","kind","parentCode","orgUnitCode","department",
/// "phone","address","hours","enabled","sortOrder"}],"stationItems":[…],"authorities":[{"point","items":[…]}],
/// "staff":[{"point","userName","isDispatcher"}]}</c>.
/// <c>generate</c> creates the county centre <c>{county}-C</c>, a room <c>{town}-R</c> per town and a station
/// <c>{village}-S</c> per village from the org units. Points are upserted by code, authority and staff lines added when
/// missing, so the step can run again.
/// </summary>
internal sealed class ServiceNetworkStep(IDbContextAccessor accessor) : IRecipeStepHandler
{
    public const string DefaultHours = "工作日 8:30—12:00，13:30—17:30";

    public string Name => "serviceNetwork";

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        var db = accessor.DbContext;
        var ct = context.CancellationToken;
        var points = await db.Set<ServicePoint>().ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, ct);
        var units = await db.Set<OrgUnit>().AsNoTracking().ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, ct);

        if (context.Optional("generate") is JsonValue g && g.TryGetValue<bool>(out var generate) && generate)
        {
            Generate(db, points, units);
        }

        if (context.Optional("points") is JsonArray explicitPoints)
        {
            for (var i = 0; i < explicitPoints.Count; i++)
            {
                Upsert(db, points, units, explicitPoints[i] as JsonObject ?? throw new RecipeStepException($"points[{i}]", "服务网点必须是对象"), $"points[{i}]");
            }
        }

        await db.SaveChangesAsync(ct);

        var existing = (await db.Set<ServiceAuthority>().AsNoTracking().Select(a => new { a.PointCode, a.ItemCode }).ToListAsync(ct))
            .Select(a => (a.PointCode, a.ItemCode)).ToHashSet();
        if (context.Optional("stationItems") is JsonArray stationItems)
        {
            // Items every village station handles itself (e.g. 社会保障卡补办).
            var codes = stationItems.Select(n => n?.GetValue<string>()?.Trim() ?? "").ToList();
            if (codes.FirstOrDefault(c => !System.Text.RegularExpressions.Regex.IsMatch(c, ServiceGuideType.ItemCodePattern)) is { } bad)
            {
                throw new RecipeStepException("stationItems", $"事项编码「{bad}」格式不正确");
            }

            foreach (var station in points.Values.Where(p => p.Kind == ServicePointKind.VillageStation))
            {
                foreach (var code in codes.Where(c => existing.Add((station.Code, c))))
                {
                    db.Add(new ServiceAuthority { PointCode = station.Code, ItemCode = code });
                }
            }
        }

        if (context.Optional("authorities") is JsonArray authorities)
        {
            for (var i = 0; i < authorities.Count; i++)
            {
                var path = $"authorities[{i}]";
                var line = authorities[i] as JsonObject ?? throw new RecipeStepException(path, "权责清单必须是对象");
                var point = Text(line, "point") ?? throw new RecipeStepException(path + ".point", "缺少 point（网点编码）");
                if (!points.ContainsKey(point))
                {
                    throw new RecipeStepException(path + ".point", $"服务网点「{point}」不存在");
                }

                var items = line["items"] as JsonArray ?? throw new RecipeStepException(path + ".items", "items 必须是事项编码数组");
                foreach (var node in items)
                {
                    var code = node?.GetValue<string>()?.Trim();
                    if (string.IsNullOrEmpty(code) || !System.Text.RegularExpressions.Regex.IsMatch(code, ServiceGuideType.ItemCodePattern))
                    {
                        throw new RecipeStepException(path + ".items", $"事项编码「{code}」格式不正确");
                    }

                    if (existing.Add((point, code)))
                    {
                        db.Add(new ServiceAuthority { PointCode = point, ItemCode = code });
                    }
                }
            }
        }

        if (context.Optional("staff") is JsonArray staff)
        {
            for (var i = 0; i < staff.Count; i++)
            {
                var path = $"staff[{i}]";
                var line = staff[i] as JsonObject ?? throw new RecipeStepException(path, "人员必须是对象");
                var point = Text(line, "point") ?? throw new RecipeStepException(path + ".point", "缺少 point（网点编码）");
                var userName = Text(line, "userName") ?? throw new RecipeStepException(path + ".userName", "缺少 userName（用户名）");
                if (!points.ContainsKey(point))
                {
                    throw new RecipeStepException(path + ".point", $"服务网点「{point}」不存在");
                }

                var dispatcher = line["isDispatcher"] is JsonValue d && d.TryGetValue<bool>(out var b) && b;
                var row = await db.Set<ServicePointStaff>().FirstOrDefaultAsync(s => s.PointCode == point && s.UserName == userName, ct);
                if (row is null)
                {
                    db.Add(new ServicePointStaff { PointCode = point, UserName = userName, IsDispatcher = dispatcher });
                }
                else
                {
                    row.IsDispatcher = dispatcher;
                }
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The centre, a room per town and a station per village; existing points keep their name and contacts.</summary>
    private static void Generate(DbContext db, Dictionary<string, ServicePoint> points, Dictionary<string, OrgUnit> units)
    {
        var county = units.Values.Where(u => u.Level == OrgUnitLevel.County).OrderBy(u => u.Path.Length).FirstOrDefault()
            ?? throw new RecipeStepException("generate", "没有县级组织机构，请先导入组织机构");
        var centre = Ensure(db, points, CentreCode(county.Code), $"{county.Name}群众工作中心", ServicePointKind.CountyCenter, county, null, 0);
        var towns = units.Values.Where(u => u.Level == OrgUnitLevel.Town && Jurisdiction.IsUnder(u.Path, county.Path))
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Code, StringComparer.Ordinal).ToList();
        var order = 0;
        foreach (var town in towns)
        {
            var room = Ensure(db, points, RoomCode(town.Code), $"{town.Name}群众工作室", ServicePointKind.TownRoom, town, centre.Code, ++order);
            var villageOrder = 0;
            foreach (var village in units.Values.Where(u => u.Level == OrgUnitLevel.Village && u.ParentCode == town.Code)
                         .OrderBy(u => u.SortOrder).ThenBy(u => u.Code, StringComparer.Ordinal))
            {
                Ensure(db, points, StationCode(village.Code), $"{ShortVillageName(village.Name)}群众工作站", ServicePointKind.VillageStation, village, room.Code, ++villageOrder);
            }
        }
    }

    /// <summary>"团埠坡村民委员会" → "团埠坡村", "恒盛社区居民委员会" → "恒盛社区", "乔官村委会" → "乔官村".</summary>
    internal static string ShortVillageName(string name)
    {
        foreach (var (suffix, replacement) in new[] { ("村村民委员会", "村"), ("村民委员会", "村"), ("村村委会", "村"), ("村委会", "村"), ("社区居民委员会", "社区"), ("居民委员会", "社区") })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length)
            {
                return name[..^suffix.Length] + replacement;
            }
        }

        return name;
    }

    public static string CentreCode(string countyCode) => countyCode + "-C";

    public static string RoomCode(string townCode) => townCode + "-R";

    public static string StationCode(string villageCode) => villageCode + "-S";

    private static ServicePoint Ensure(DbContext db, Dictionary<string, ServicePoint> points, string code, string name,
        ServicePointKind kind, OrgUnit unit, string? parent, int sortOrder)
    {
        if (!points.TryGetValue(code, out var point))
        {
            point = new ServicePoint
            {
                Code = code, Name = name, Kind = kind, SortOrder = sortOrder, Enabled = true,
                Hours = kind == ServicePointKind.VillageStation ? null : DefaultHours,
            };
            db.Add(point);
            points[code] = point;
        }

        point.Kind = kind;
        point.OrgUnitCode = unit.Code;
        point.OrgPath = unit.Path;
        point.ParentCode = parent;
        return point;
    }

    private static void Upsert(DbContext db, Dictionary<string, ServicePoint> points, Dictionary<string, OrgUnit> units, JsonObject o, string path)
    {
        var code = Text(o, "code") ?? throw new RecipeStepException(path + ".code", "缺少 code（网点编码）");
        if (!System.Text.RegularExpressions.Regex.IsMatch(code, "^[0-9A-Za-z][0-9A-Za-z-]{1,39}$"))
        {
            throw new RecipeStepException(path + ".code", $"网点编码「{code}」格式不正确");
        }

        var kindText = Text(o, "kind");
        ServicePointKind? kind = kindText is null ? null : ParseKind(kindText) ?? throw new RecipeStepException(path + ".kind", $"未知的网点类型「{kindText}」");
        var parentCode = Text(o, "parentCode");
        ServicePoint? parent = null;
        if (parentCode is not null && !points.TryGetValue(parentCode, out parent))
        {
            throw new RecipeStepException(path + ".parentCode", $"上级网点「{parentCode}」不存在");
        }

        var orgUnitCode = Text(o, "orgUnitCode") ?? parent?.OrgUnitCode;
        if (!points.TryGetValue(code, out var point))
        {
            if (kind is null || Text(o, "name") is null || orgUnitCode is null)
            {
                throw new RecipeStepException(path, "新建网点须提供 name、kind 以及 orgUnitCode 或 parentCode");
            }

            point = new ServicePoint { Code = code, Enabled = true };
            db.Add(point);
            points[code] = point;
        }

        if (orgUnitCode is not null)
        {
            if (!units.TryGetValue(orgUnitCode, out var unit))
            {
                throw new RecipeStepException(path + ".orgUnitCode", $"组织机构「{orgUnitCode}」不存在");
            }

            point.OrgUnitCode = unit.Code;
            point.OrgPath = unit.Path;
        }

        point.Kind = kind ?? point.Kind;
        point.Name = Text(o, "name") ?? point.Name;
        point.ParentCode = parentCode ?? point.ParentCode;
        point.Department = Text(o, "department") ?? point.Department;
        point.Phone = Text(o, "phone") ?? point.Phone;
        point.Address = Text(o, "address") ?? point.Address;
        point.Hours = Text(o, "hours") ?? point.Hours;
        if (o["enabled"] is JsonValue e && e.TryGetValue<bool>(out var enabled))
        {
            point.Enabled = enabled;
        }

        if (o["sortOrder"] is JsonValue s && s.TryGetValue<int>(out var sortOrder))
        {
            point.SortOrder = sortOrder;
        }

        if (point.Kind == ServicePointKind.Window && point.ParentCode is null)
        {
            throw new RecipeStepException(path + ".parentCode", "窗口必须指定所属的中心或工作室（parentCode）");
        }
    }

    internal static ServicePointKind? ParseKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "countycenter" or "centre" or "center" => ServicePointKind.CountyCenter,
        "townroom" or "room" => ServicePointKind.TownRoom,
        "villagestation" or "station" => ServicePointKind.VillageStation,
        "liaison" => ServicePointKind.Liaison,
        "window" => ServicePointKind.Window,
        _ => null,
    };

    private static string? Text(JsonObject o, string property)
        => o.FirstOrDefault(p => string.Equals(p.Key, property, StringComparison.OrdinalIgnoreCase)).Value is JsonValue v
           && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
}
