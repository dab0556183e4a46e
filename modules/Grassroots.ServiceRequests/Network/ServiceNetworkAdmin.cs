using System.Security.Claims;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grassroots.Audit;
using Grassroots.Commands;
using Grassroots.Data;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Grassroots.ServiceRequests.Network;

/// <summary>What the point form posts.</summary>
public sealed class ServicePointInput
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public ServicePointKind? Kind { get; set; }
    public string? ParentCode { get; set; }
    public string? OrgUnitCode { get; set; }
    public string? Department { get; set; }
    public string? Phone { get; set; }
    public string? Address { get; set; }
    public string? Hours { get; set; }
    public bool Enabled { get; set; } = true;
    public int SortOrder { get; set; }

    public static ServicePointInput From(ServicePoint p) => new()
    {
        Code = p.Code, Name = p.Name, Kind = p.Kind, ParentCode = p.ParentCode, OrgUnitCode = p.OrgUnitCode,
        Department = p.Department, Phone = p.Phone, Address = p.Address, Hours = p.Hours, Enabled = p.Enabled, SortOrder = p.SortOrder,
    };
}

/// <summary>A point in the network list, with its staff and catalogue sizes.</summary>
public sealed record ServicePointRow(ServicePoint Point, int StaffCount, int AuthorityCount);

/// <summary>
/// Maintains the service network from the dashboard: points and windows, their staff and authority catalogues, each
/// change limited to the user's jurisdiction (a town administrator works only under the town's org path) and audited.
/// </summary>
public sealed partial class ServiceNetworkAdmin(
    IDbContextAccessor accessor,
    IJurisdictionService jurisdictions,
    IOrgUnitService orgUnits,
    IServiceCatalog catalog,
    UserManager<GrassrootsUser> users,
    IAuditTrail audit,
    IStringLocalizer<ServiceNetworkAdmin> T)
{
    public const string AuditCategory = "service-network";

    private DbContext Db => accessor.DbContext;

    [GeneratedRegex("^[0-9A-Za-z][0-9A-Za-z-]{1,39}$")]
    private static partial Regex PointCodeRegex();

    [GeneratedRegex(ServiceGuideType.ItemCodePattern)]
    private static partial Regex ItemCodeRegex();

    /// <summary>The points inside the user's jurisdiction, filtered by town, kind and text, ordered by the tree.</summary>
    public async Task<(IReadOnlyList<ServicePointRow> Rows, int Total, IReadOnlyDictionary<ServicePointKind, int> Counts)> ListAsync(
        ClaimsPrincipal user, string? town, ServicePointKind? kind, string? q, int page, int pageSize, CancellationToken cancellationToken)
    {
        var j = await jurisdictions.GetAsync(user, cancellationToken);
        var query = Within(Db.Set<ServicePoint>().AsNoTracking(), j);
        if (!string.IsNullOrWhiteSpace(town))
        {
            var prefix = $"/{town.Trim()}/";
            query = query.Where(p => p.OrgPath.Contains(prefix));
        }

        var counts = await query.GroupBy(p => p.Kind).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        if (kind is { } k)
        {
            query = query.Where(p => p.Kind == k);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            query = query.Where(p => p.Code.Contains(text) || p.Name.Contains(text) || (p.Department != null && p.Department.Contains(text)));
        }

        var total = await query.CountAsync(cancellationToken);
        var points = await query.OrderBy(p => p.OrgPath).ThenBy(p => p.Kind).ThenBy(p => p.SortOrder).ThenBy(p => p.Code)
            .Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var codes = points.Select(p => p.Code).ToList();
        var staff = await Db.Set<ServicePointStaff>().Where(s => codes.Contains(s.PointCode)).GroupBy(s => s.PointCode)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var lines = await Db.Set<ServiceAuthority>().Where(a => codes.Contains(a.PointCode)).GroupBy(a => a.PointCode)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        return (points.Select(p => new ServicePointRow(p, staff.GetValueOrDefault(p.Code), lines.GetValueOrDefault(p.Code))).ToList(), total, counts);
    }

    /// <summary>The enabled centre and rooms (public office filter).</summary>
    public async Task<IReadOnlyList<ServicePoint>> OfficesAsync(CancellationToken cancellationToken)
        => await Db.Set<ServicePoint>().AsNoTracking()
            .Where(p => p.Enabled && (p.Kind == ServicePointKind.CountyCenter || p.Kind == ServicePointKind.TownRoom))
            .OrderBy(p => p.Kind).ThenBy(p => p.SortOrder).ThenBy(p => p.Code).ToListAsync(cancellationToken);

    /// <summary>The towns the user may filter by.</summary>
    public async Task<IReadOnlyList<OrgUnit>> TownsAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var j = await jurisdictions.GetAsync(user, cancellationToken);
        return await Db.Set<OrgUnit>().AsNoTracking().WithinJurisdiction(j).Where(u => u.Level == OrgUnitLevel.Town)
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Code).ToListAsync(cancellationToken);
    }

    /// <summary>The point when it exists and lies in the user's jurisdiction; <c>Forbidden</c> when it lies outside.</summary>
    public async Task<(ServicePoint? Point, bool Forbidden)> GetAsync(ClaimsPrincipal user, string code, CancellationToken cancellationToken)
    {
        var point = await Db.Set<ServicePoint>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, cancellationToken);
        if (point is null)
        {
            return (null, false);
        }

        var j = await jurisdictions.GetAsync(user, cancellationToken);
        return j.Contains(point.OrgPath) ? (point, false) : (null, true);
    }

    public async Task<IReadOnlyList<ServicePoint>> ChildrenAsync(string code, CancellationToken cancellationToken)
        => await Db.Set<ServicePoint>().AsNoTracking().Where(p => p.ParentCode == code)
            .OrderBy(p => p.Kind == ServicePointKind.Window ? 0 : 1).ThenBy(p => p.Kind).ThenBy(p => p.SortOrder).ThenBy(p => p.Code).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ServicePointStaff>> StaffAsync(string code, CancellationToken cancellationToken)
        => await Db.Set<ServicePointStaff>().AsNoTracking().Where(s => s.PointCode == code).OrderBy(s => s.UserName).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> AuthoritiesAsync(string code, CancellationToken cancellationToken)
        => await Db.Set<ServiceAuthority>().AsNoTracking().Where(a => a.PointCode == code).OrderBy(a => a.ItemCode).Select(a => a.ItemCode).ToListAsync(cancellationToken);

    /// <summary>Creates (<paramref name="existingCode"/> null) or updates a point after checking every input.</summary>
    public async Task<CommandResult<NoValue>> SaveAsync(ClaimsPrincipal user, string? existingCode, ServicePointInput input, CancellationToken cancellationToken)
    {
        var j = await jurisdictions.GetAsync(user, cancellationToken);
        ServicePoint? point = null;
        if (existingCode is not null)
        {
            point = await Db.Set<ServicePoint>().FirstOrDefaultAsync(p => p.Code == existingCode, cancellationToken);
            if (point is null)
            {
                return CommandResult.NotFound();
            }

            if (!j.Contains(point.OrgPath))
            {
                return CommandResult.Forbidden();
            }

            input.Code = point.Code;
        }

        var errors = new Dictionary<string, string>();
        var code = input.Code?.Trim() ?? "";
        if (point is null)
        {
            if (code.Length == 0)
            {
                errors[nameof(input.Code)] = T["请填写网点编码"];
            }
            else if (!PointCodeRegex().IsMatch(code))
            {
                errors[nameof(input.Code)] = T["网点编码须以字母或数字开头，由字母、数字和连字符组成，2–40 位"];
            }
            else if (await Db.Set<ServicePoint>().AnyAsync(p => p.Code == code, cancellationToken))
            {
                errors[nameof(input.Code)] = T["网点编码「{0}」已存在", code];
            }
        }

        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors[nameof(input.Name)] = T["请填写网点名称"];
        }
        else if (name.Length > 100)
        {
            errors[nameof(input.Name)] = T["网点名称不能超过 {0} 个字", 100];
        }

        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors[nameof(input.Kind)] = T["请选择网点类型"];
            kind = default;
        }

        ServicePoint? parent = null;
        var parentCode = input.ParentCode.TrimToNull();
        if (kind == ServicePointKind.CountyCenter)
        {
            parentCode = null;
        }
        else if (kind != default)
        {
            if (parentCode is null)
            {
                errors[nameof(input.ParentCode)] = T["请填写上级网点编码"];
            }
            else if (parentCode == code)
            {
                errors[nameof(input.ParentCode)] = T["上级网点不能是网点自身"];
            }
            else
            {
                parent = await Db.Set<ServicePoint>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == parentCode, cancellationToken);
                var allowed = kind switch
                {
                    ServicePointKind.Window => [ServicePointKind.CountyCenter, ServicePointKind.TownRoom],
                    ServicePointKind.TownRoom => [ServicePointKind.CountyCenter],
                    ServicePointKind.VillageStation => [ServicePointKind.TownRoom],
                    ServicePointKind.Liaison => new[] { ServicePointKind.VillageStation },
                    _ => [],
                };
                if (parent is null)
                {
                    errors[nameof(input.ParentCode)] = T["上级网点「{0}」不存在", parentCode];
                }
                else if (!allowed.Contains(parent.Kind))
                {
                    errors[nameof(input.ParentCode)] = kind switch
                    {
                        ServicePointKind.Window => T["窗口只能设在县群众工作中心或镇(街道)群众工作室下"],
                        ServicePointKind.TownRoom => T["镇(街道)群众工作室的上级须是县群众工作中心"],
                        ServicePointKind.VillageStation => T["村(社区)群众工作站的上级须是镇(街道)群众工作室"],
                        _ => T["联络员的上级须是村(社区)群众工作站"],
                    };
                }
            }
        }

        var orgCode = string.IsNullOrWhiteSpace(input.OrgUnitCode) ? parent?.OrgUnitCode : input.OrgUnitCode.Trim();
        OrgUnit? unit = null;
        if (orgCode is null)
        {
            errors[nameof(input.OrgUnitCode)] = T["请填写服务的组织机构代码"];
        }
        else if ((unit = await orgUnits.GetAsync(orgCode, cancellationToken)) is null)
        {
            errors[nameof(input.OrgUnitCode)] = T["组织机构代码「{0}」不存在", orgCode];
        }
        else if (!j.Contains(unit.Path))
        {
            errors[nameof(input.OrgUnitCode)] = T["「{0}」不在您的管辖范围内", unit.Name];
        }
        else if (parent is not null && !Jurisdiction.IsUnder(unit.Path, parent.OrgPath))
        {
            errors[nameof(input.OrgUnitCode)] = T["组织机构「{0}」不在上级网点「{1}」的服务范围内", unit.Name, parent.Name];
        }

        Check(errors, nameof(input.Department), input.Department, 100, T["部门"]);
        Check(errors, nameof(input.Phone), input.Phone, 40, T["联系电话"]);
        Check(errors, nameof(input.Address), input.Address, 200, T["办公地址"]);
        Check(errors, nameof(input.Hours), input.Hours, 200, T["办公时间"]);
        if (input.SortOrder is < 0 or > 100000)
        {
            errors[nameof(input.SortOrder)] = T["排序号须在 0–100000 之间"];
        }

        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }

        var created = point is null;
        if (point is null)
        {
            point = new ServicePoint { Code = code };
            Db.Add(point);
        }

        point.Name = name;
        point.Kind = kind;
        point.ParentCode = parentCode;
        point.OrgUnitCode = unit!.Code;
        point.OrgPath = unit.Path;
        point.Department = input.Department.TrimToNull();
        point.Phone = input.Phone.TrimToNull();
        point.Address = input.Address.TrimToNull();
        point.Hours = input.Hours.TrimToNull();
        point.Enabled = input.Enabled;
        point.SortOrder = input.SortOrder;
        await Db.SaveChangesAsync(cancellationToken);
        Db.ChangeTracker.Clear();
        await AuditAsync(created ? "point-created" : "point-updated", T["{0}服务网点 {1} {2}", created ? T["新建"] : T["修改"], point.Code, point.Name], point, null, cancellationToken);
        return CommandResult.Success();
    }

    /// <summary>Adds a staff member: the user must exist and belong to the point's org unit or one below it.</summary>
    public async Task<CommandResult<NoValue>> AddStaffAsync(ClaimsPrincipal user, string code, string? userName, bool isDispatcher, CancellationToken cancellationToken)
    {
        var (point, forbidden) = await GetAsync(user, code, cancellationToken);
        if (point is null)
        {
            return forbidden ? CommandResult.Forbidden() : CommandResult.NotFound();
        }

        var name = userName?.Trim() ?? "";
        if (name.Length == 0)
        {
            return Error("UserName", T["请填写用户名"]);
        }

        var account = await users.FindByNameAsync(name);
        if (account is null)
        {
            return Error("UserName", T["用户「{0}」不存在", name]);
        }

        var unit = account.OrgUnitCode is { Length: > 0 } c ? await orgUnits.GetAsync(c, cancellationToken) : null;
        if (unit is null || !Jurisdiction.IsUnder(unit.Path, point.OrgPath))
        {
            return Error("UserName", T["用户「{0}」不属于「{1}」服务的组织机构，不能在该网点任职", name, point.Name]);
        }

        if (await Db.Set<ServicePointStaff>().AnyAsync(s => s.PointCode == point.Code && s.UserName == account.UserName, cancellationToken))
        {
            return Error("UserName", T["用户「{0}」已在该网点任职", name]);
        }

        Db.Add(new ServicePointStaff { PointCode = point.Code, UserName = account.UserName!, IsDispatcher = isDispatcher });
        await Db.SaveChangesAsync(cancellationToken);
        Db.ChangeTracker.Clear();
        await AuditAsync("staff-added", T["{0} 加入服务网点 {1}{2}", account.UserName!, point.Name, isDispatcher ? T["（分流员）"] : ""], point,
            new JsonObject { ["userName"] = account.UserName, ["isDispatcher"] = isDispatcher }, cancellationToken);
        return CommandResult.Success();
    }

    public async Task<CommandResult<NoValue>> UpdateStaffAsync(ClaimsPrincipal user, string code, string userName, bool? isDispatcher, bool remove, CancellationToken cancellationToken)
    {
        var (point, forbidden) = await GetAsync(user, code, cancellationToken);
        if (point is null)
        {
            return forbidden ? CommandResult.Forbidden() : CommandResult.NotFound();
        }

        var row = await Db.Set<ServicePointStaff>().FirstOrDefaultAsync(s => s.PointCode == point.Code && s.UserName == userName, cancellationToken);
        if (row is null)
        {
            return CommandResult.NotFound();
        }

        if (remove)
        {
            Db.Remove(row);
        }
        else if (isDispatcher is { } d)
        {
            row.IsDispatcher = d;
        }

        await Db.SaveChangesAsync(cancellationToken);
        Db.ChangeTracker.Clear();
        await AuditAsync(remove ? "staff-removed" : "staff-updated",
            remove ? T["{0} 不再在服务网点 {1} 任职", userName, point.Name] : T["{0} 在服务网点 {1} 的分流权限改为 {2}", userName, point.Name, row.IsDispatcher ? T["是"] : T["否"]],
            point, new JsonObject { ["userName"] = userName }, cancellationToken);
        return CommandResult.Success();
    }

    /// <summary>Replaces the point's authority catalogue with the ticked codes plus the pasted ones.</summary>
    public async Task<CommandResult<NoValue>> SaveAuthoritiesAsync(ClaimsPrincipal user, string code, IEnumerable<string> ticked, string? pasted, CancellationToken cancellationToken)
    {
        var (point, forbidden) = await GetAsync(user, code, cancellationToken);
        if (point is null)
        {
            return forbidden ? CommandResult.Forbidden() : CommandResult.NotFound();
        }

        var current = await AuthoritiesAsync(point.Code, cancellationToken);
        var pastedCodes = (pasted ?? "").Split([' ', ',', '，', '、', ';', '；', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var malformed = pastedCodes.Where(c => !ItemCodeRegex().IsMatch(c)).Distinct().ToList();
        if (malformed.Count > 0)
        {
            return Error("Pasted", T["以下事项编码格式不正确：{0}", string.Join("、", malformed)]);
        }

        var published = (await catalog.ListGuidesAsync(null, null, cancellationToken)).Select(g => g.ItemCode).ToHashSet(StringComparer.Ordinal);
        var wanted = ticked.Select(t => t.Trim()).Where(t => t.Length > 0).Concat(pastedCodes).ToHashSet(StringComparer.Ordinal);
        var unknown = wanted.Where(c => !published.Contains(c) && !current.Contains(c)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            return Error("Pasted", T["以下事项编码没有已发布的办事指南：{0}", string.Join("、", unknown)]);
        }

        var removed = current.Where(c => !wanted.Contains(c)).ToList();
        var added = wanted.Where(c => !current.Contains(c)).Order(StringComparer.Ordinal).ToList();
        if (removed.Count > 0)
        {
            await Db.Set<ServiceAuthority>().Where(a => a.PointCode == point.Code && removed.Contains(a.ItemCode)).ExecuteDeleteAsync(cancellationToken);
        }

        foreach (var item in added)
        {
            Db.Add(new ServiceAuthority { PointCode = point.Code, ItemCode = item });
        }

        await Db.SaveChangesAsync(cancellationToken);
        Db.ChangeTracker.Clear();
        if (added.Count + removed.Count > 0)
        {
            await AuditAsync("authorities-updated", T["服务网点 {0} 的权责清单：新增 {1} 项，移除 {2} 项", point.Name, added.Count, removed.Count], point,
                new JsonObject { ["added"] = new JsonArray([.. added.Select(a => JsonValue.Create(a))]), ["removed"] = new JsonArray([.. removed.Select(a => JsonValue.Create(a))]) },
                cancellationToken);
        }

        return CommandResult.Success();
    }

    private static CommandFailure Error(string key, string message) => CommandResult.Invalid(key, message);

    private void Check(Dictionary<string, string> errors, string key, string? value, int max, string label)
    {
        if (value is not null && value.Trim().Length > max)
        {
            errors[key] = T["{0}不能超过 {1} 个字", label, max];
        }
    }

    private static IQueryable<ServicePoint> Within(IQueryable<ServicePoint> query, Jurisdiction j)
        => query.WithinJurisdiction(j);

    private Task AuditAsync(string action, string summary, ServicePoint point, JsonObject? data, CancellationToken cancellationToken)
    {
        var payload = data ?? [];
        payload["pointCode"] = point.Code;
        return audit.RecordAsync(new AuditEvent { Category = AuditCategory, Action = action, Summary = summary, OrgUnitCode = point.OrgUnitCode, Data = payload }, cancellationToken);
    }
}
