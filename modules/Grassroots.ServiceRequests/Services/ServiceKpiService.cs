using System.Linq.Expressions;
using System.Security.Claims;
using Grassroots.Data;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Grassroots.ServiceRequests.Models;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.ServiceRequests.Services;

/// <summary>How KPI rows are grouped.</summary>
public enum KpiGrouping
{
    Town = 1,
    Office = 2,
    Item = 3,
    Month = 4,
}

/// <summary>
/// Filters of a KPI query. Months are "yyyy-MM" registration months (inclusive, null = open). <see cref="Office"/> is the
/// handling office as defined by <see cref="ServiceKpiService.OfficeOf"/>.
/// </summary>
public sealed record KpiFilter(string? FromMonth = null, string? ToMonth = null, string? Town = null, string? Office = null, string? Item = null);

/// <summary>A rate computed from integer counts: percentage with one decimal, rounded half away from zero.</summary>
public readonly record struct KpiRate(int Numerator, int Denominator)
{
    /// <summary>The percentage (e.g. 86.0), or null when the denominator is 0.</summary>
    public decimal? Percent => Denominator == 0 ? null : Math.Round(Numerator * 100m / Denominator, 1, MidpointRounding.AwayFromZero);

    /// <summary>"86.0%" or "—".</summary>
    public string PercentText => Percent is { } p ? p.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>"86.0%（86/100）" or "—".</summary>
    public override string ToString() => Denominator == 0 ? "—" : $"{PercentText}（{Numerator}/{Denominator}）";
}

/// <summary>The additive counts behind every KPI of one group (or the total).</summary>
public sealed class KpiCounts
{
    /// <summary>The group key (town code, office code, item code or month); "" for the total.</summary>
    public string Key { get; set; } = "";

    /// <summary>Display name of the key (town / office / item name; the month itself).</summary>
    public string Name { get; set; } = "";

    /// <summary>受理量: requests registered.</summary>
    public int Registered { get; set; }

    /// <summary>办结量: requests with CompletedUtc.</summary>
    public int Completed { get; set; }

    /// <summary>Completed with OneVisit (no 补办 round, no 退单, no 重办).</summary>
    public int OneVisit { get; set; }

    /// <summary>Completed on time.</summary>
    public int OnTime { get; set; }

    /// <summary>Requests followed up (FollowUpUtc set).</summary>
    public int FollowedUp { get; set; }

    /// <summary>Follow-ups with an answer (Satisfaction not null).</summary>
    public int Answered { get; set; }

    /// <summary>Answers 满意 or 非常满意.</summary>
    public int Satisfied { get; set; }

    /// <summary>Sum of HandlingWorkingDays over completed requests that have it.</summary>
    public long HandlingDaysSum { get; set; }

    /// <summary>Completed requests with HandlingWorkingDays (denominator of the average).</summary>
    public int HandlingDaysCount { get; set; }

    /// <summary>逾期数: requests ever put on 督办 (SupervisedUtc set).</summary>
    public int Supervised { get; set; }

    /// <summary>当前逾期: IsOverdue and not completed.</summary>
    public int CurrentlyOverdue { get; set; }

    /// <summary>一次办结率 = OneVisit ÷ Completed.</summary>
    public KpiRate OneVisitRate => new(OneVisit, Completed);

    /// <summary>按时办结率 = OnTime ÷ Completed.</summary>
    public KpiRate OnTimeRate => new(OnTime, Completed);

    /// <summary>回访率 = FollowedUp ÷ Completed.</summary>
    public KpiRate FollowUpRate => new(FollowedUp, Completed);

    /// <summary>满意率 = Satisfied ÷ Answered.</summary>
    public KpiRate SatisfactionRate => new(Satisfied, Answered);

    /// <summary>办结率 = Completed ÷ Registered (shown on the dashboard only).</summary>
    public KpiRate CompletionRate => new(Completed, Registered);

    /// <summary>平均办理时长 in working days, one decimal (half away from zero), or null without completed requests.</summary>
    public decimal? AverageHandlingDays => HandlingDaysCount == 0 ? null : Math.Round((decimal)HandlingDaysSum / HandlingDaysCount, 1, MidpointRounding.AwayFromZero);

    /// <summary>"3.5" or "—".</summary>
    public string AverageHandlingDaysText => AverageHandlingDays is { } d ? d.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "—";

    internal void Add(KpiCounts other)
    {
        Registered += other.Registered;
        Completed += other.Completed;
        OneVisit += other.OneVisit;
        OnTime += other.OnTime;
        FollowedUp += other.FollowedUp;
        Answered += other.Answered;
        Satisfied += other.Satisfied;
        HandlingDaysSum += other.HandlingDaysSum;
        HandlingDaysCount += other.HandlingDaysCount;
        Supervised += other.Supervised;
        CurrentlyOverdue += other.CurrentlyOverdue;
    }
}

/// <summary>KPI rows of one query plus their total.</summary>
public sealed record KpiReport(KpiGrouping Grouping, IReadOnlyList<KpiCounts> Rows, KpiCounts Total);

/// <summary>A request in a short list (我的逾期, 督办): no personal data.</summary>
public sealed record KpiRequestLine(string ContentItemId, string ReceiptCode, string ItemName, string CurrentPointCode, ServiceStage Stage, DateTime? DueUtc, DateTime RegisteredUtc);

/// <summary>A completed request as published (办件公示): no personal data.</summary>
public sealed record DisclosedRequest(string ReceiptCode, string ItemName, string TownCode, DateOnly RegisteredDate, DateTime CompletedUtc, bool OnTime,
    bool FollowedUp, Satisfaction? Satisfaction);

/// <summary>
/// 考核指标 over the <c>ServiceRequests</c> facts table: every figure is a COUNT/SUM computed by the database with
/// GROUP BY, filtered by jurisdiction (OrgPath prefix), registration month, town, office and item.
/// <para>
/// Office (办理单位) = <see cref="ServiceRequestRecord.OfficeCode"/> (the window or station that completed the request)
/// when set, otherwise — before completion — <see cref="ServiceRequestRecord.CurrentPointCode"/> (where it is now).
/// </para>
/// </summary>
public sealed class ServiceKpiService(IDbContextAccessor dbAccessor, IJurisdictionService jurisdictions)
{
    /// <summary>The handling office of a request: OfficeCode, or CurrentPointCode before completion (COALESCE in SQL).</summary>
    public static readonly Expression<Func<ServiceRequestRecord, string>> OfficeOf = r => r.OfficeCode ?? r.CurrentPointCode;

    private DbContext Db => dbAccessor.DbContext;

    /// <summary>The user's jurisdiction (org path) or null when the user sees nothing.</summary>
    public async Task<Jurisdiction> GetJurisdictionAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
        => await jurisdictions.GetAsync(user, cancellationToken);

    /// <summary>Rows inside the org path (null = nothing) and the filter; the base of every KPI query.</summary>
    public IQueryable<ServiceRequestRecord> Filtered(string? orgPath, KpiFilter filter)
    {
        var query = Db.Set<ServiceRequestRecord>().AsNoTracking().WithinJurisdiction(Jurisdiction.Under(orgPath));

        if (!string.IsNullOrWhiteSpace(filter.FromMonth))
        {
            var from = filter.FromMonth;
            query = query.Where(r => string.Compare(r.Month, from) >= 0);
        }

        if (!string.IsNullOrWhiteSpace(filter.ToMonth))
        {
            var to = filter.ToMonth;
            query = query.Where(r => string.Compare(r.Month, to) <= 0);
        }

        if (!string.IsNullOrWhiteSpace(filter.Town))
        {
            var town = filter.Town;
            query = query.Where(r => r.TownCode == town);
        }

        if (!string.IsNullOrWhiteSpace(filter.Office))
        {
            var office = filter.Office;
            query = query.Where(r => (r.OfficeCode ?? r.CurrentPointCode) == office);
        }

        if (!string.IsNullOrWhiteSpace(filter.Item))
        {
            var item = filter.Item;
            query = query.Where(r => r.ItemCode == item);
        }

        return query;
    }

    /// <summary>KPIs for the user's jurisdiction.</summary>
    public async Task<KpiReport> GetReportAsync(ClaimsPrincipal user, KpiFilter filter, KpiGrouping grouping, CancellationToken cancellationToken = default)
    {
        var jurisdiction = await jurisdictions.GetAsync(user, cancellationToken);
        return await GetReportAsync(jurisdiction.OrgPath, filter, grouping, cancellationToken);
    }

    /// <summary>KPIs under an org path ("/" for everything, e.g. the public disclosure; null for nothing).</summary>
    public async Task<KpiReport> GetReportAsync(string? orgPath, KpiFilter filter, KpiGrouping grouping, CancellationToken cancellationToken = default)
    {
        var query = Filtered(orgPath, filter);
        Expression<Func<ServiceRequestRecord, string>> key = grouping switch
        {
            KpiGrouping.Town => r => r.TownCode,
            KpiGrouping.Office => OfficeOf,
            KpiGrouping.Item => r => r.ItemCode,
            _ => r => r.Month,
        };

        var rows = await query.GroupBy(key).Select(g => new KpiCounts
        {
            Key = g.Key,
            Registered = g.Count(),
            Completed = g.Count(r => r.CompletedUtc != null),
            OneVisit = g.Count(r => r.CompletedUtc != null && r.OneVisit == true),
            OnTime = g.Count(r => r.CompletedUtc != null && r.CompletedOnTime == true),
            FollowedUp = g.Count(r => r.FollowUpUtc != null),
            Answered = g.Count(r => r.FollowUpUtc != null && r.Satisfaction != null),
            Satisfied = g.Count(r => r.FollowUpUtc != null && (r.Satisfaction == Satisfaction.Satisfied || r.Satisfaction == Satisfaction.VerySatisfied)),
            HandlingDaysSum = g.Sum(r => r.CompletedUtc != null && r.HandlingWorkingDays != null ? (long)r.HandlingWorkingDays.Value : 0L),
            HandlingDaysCount = g.Count(r => r.CompletedUtc != null && r.HandlingWorkingDays != null),
            Supervised = g.Count(r => r.SupervisedUtc != null),
            CurrentlyOverdue = g.Count(r => r.IsOverdue && r.CompletedUtc == null),
        }).ToListAsync(cancellationToken);

        if (grouping == KpiGrouping.Item && rows.Count > 0)
        {
            // Item names only when grouping by item (a MAX over a text column costs the other groupings time).
            var names = await query.GroupBy(r => r.ItemCode).Select(g => new { g.Key, Name = g.Max(r => r.ItemName) }).ToListAsync(cancellationToken);
            var byCode = names.ToDictionary(n => n.Key, n => n.Name ?? n.Key, StringComparer.Ordinal);
            foreach (var row in rows)
            {
                row.Name = byCode.GetValueOrDefault(row.Key, row.Key);
            }
        }

        await NameAsync(rows, grouping, cancellationToken);
        var ordered = grouping == KpiGrouping.Month
            ? rows.OrderBy(r => r.Key, StringComparer.Ordinal).ToList()
            : rows.OrderByDescending(r => r.Registered).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var total = new KpiCounts { Key = "", Name = "合计" };
        foreach (var row in ordered)
        {
            total.Add(row);
        }

        return new KpiReport(grouping, ordered, total);
    }

    /// <summary>Counts by current stage of requests currently at points inside the org path (工作量 cards).</summary>
    public async Task<IReadOnlyDictionary<ServiceStage, int>> GetWorkloadAsync(string? orgPath, CancellationToken cancellationToken = default)
    {
        if (orgPath is null)
        {
            return new Dictionary<ServiceStage, int>();
        }

        var query = Db.Set<ServiceRequestRecord>().AsNoTracking().Where(r => r.Stage != ServiceStage.Closed)
            .WithinJurisdiction(Jurisdiction.Under(orgPath), r => r.CurrentOrgPath);

        var counts = await query.GroupBy(r => r.Stage).Select(g => new { Stage = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return counts.ToDictionary(c => c.Stage, c => c.Count);
    }

    /// <summary>我的逾期: overdue, uncompleted requests now at points the user staffs (ServicePointStaff), most overdue first.</summary>
    public async Task<(int Total, IReadOnlyList<KpiRequestLine> Items)> GetMyOverdueAsync(string userName, int take, CancellationToken cancellationToken = default)
    {
        var points = Db.Set<ServicePointStaff>().Where(s => s.UserName == userName).Select(s => s.PointCode);
        var query = Db.Set<ServiceRequestRecord>().AsNoTracking()
            .Where(r => r.IsOverdue && r.CompletedUtc == null && points.Contains(r.CurrentPointCode));
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(r => r.DueUtc).ThenBy(r => r.ContentItemId).Take(take)
            .Select(r => new KpiRequestLine(r.ContentItemId, r.ReceiptCode, r.ItemName, r.CurrentPointCode, r.Stage, r.DueUtc, r.RegisteredUtc))
            .ToListAsync(cancellationToken);
        return (total, items);
    }

    /// <summary>
    /// 办件公示: requests registered in the month (under the path) and completed, newest completion first, WITHOUT any
    /// personal data (no requester, no description; the receipt code is masked by the caller).
    /// </summary>
    public async Task<(int Total, IReadOnlyList<DisclosedRequest> Items)> GetCompletedAsync(string orgPath, string month, string? town, int page, int pageSize,
        CancellationToken cancellationToken = default)
    {
        var query = Filtered(orgPath, new KpiFilter(month, month, town)).Where(r => r.CompletedUtc != null);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(r => r.CompletedUtc).ThenBy(r => r.ContentItemId)
            .Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize)
            .Select(r => new DisclosedRequest(r.ReceiptCode, r.ItemName, r.TownCode, r.RegisteredDate, r.CompletedUtc!.Value, r.CompletedOnTime == true,
                r.FollowUpUtc != null, r.FollowUpUtc != null ? r.Satisfaction : null))
            .ToListAsync(cancellationToken);
        return (total, items);
    }

    /// <summary>"20261128-7KQ3MX" → "20261128-****MX": the date part and the last two characters stay.</summary>
    public static string MaskReceiptCode(string code)
    {
        var dash = code.IndexOf('-', StringComparison.Ordinal);
        var head = dash >= 0 ? code[..(dash + 1)] : "";
        var tail = dash >= 0 ? code[(dash + 1)..] : code;
        return tail.Length <= 2 ? head + "****" : head + "****" + tail[^2..];
    }

    /// <summary>Names of towns (org units) by code.</summary>
    public async Task<Dictionary<string, string>> GetUnitNamesAsync(IEnumerable<string> codes, CancellationToken cancellationToken = default)
    {
        var list = codes.Where(c => !string.IsNullOrEmpty(c)).Distinct().ToList();
        if (list.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        return await Db.Set<OrgUnit>().AsNoTracking().Where(u => list.Contains(u.Code))
            .ToDictionaryAsync(u => u.Code, u => u.Name, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>Names of service points (offices) by code.</summary>
    public async Task<Dictionary<string, string>> GetPointNamesAsync(IEnumerable<string> codes, CancellationToken cancellationToken = default)
    {
        var list = codes.Where(c => !string.IsNullOrEmpty(c)).Distinct().ToList();
        if (list.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        return await Db.Set<ServicePoint>().AsNoTracking().Where(p => list.Contains(p.Code))
            .ToDictionaryAsync(p => p.Code, p => p.Name, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>All towns (镇/街道), in their order.</summary>
    public async Task<IReadOnlyList<OrgUnit>> GetTownsAsync(CancellationToken cancellationToken = default)
        => await Db.Set<OrgUnit>().AsNoTracking().Where(u => u.Level == OrgUnitLevel.Town).OrderBy(u => u.SortOrder).ThenBy(u => u.Code).ToListAsync(cancellationToken);

    /// <summary>The org unit of a code (for town breadcrumbs and paths), or null.</summary>
    public Task<OrgUnit?> FindUnitAsync(string code, CancellationToken cancellationToken = default)
        => Db.Set<OrgUnit>().AsNoTracking().FirstOrDefaultAsync(u => u.Code == code, cancellationToken);

    /// <summary>The service point of a code, or null.</summary>
    public Task<ServicePoint?> FindPointAsync(string code, CancellationToken cancellationToken = default)
        => Db.Set<ServicePoint>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, cancellationToken);

    /// <summary>The item name of an item code (from the facts rows), or null.</summary>
    public Task<string?> FindItemNameAsync(string? orgPath, string itemCode, CancellationToken cancellationToken = default)
        => Filtered(orgPath, new KpiFilter(Item: itemCode)).Select(r => r.ItemName).FirstOrDefaultAsync(cancellationToken);

    private async Task NameAsync(List<KpiCounts> rows, KpiGrouping grouping, CancellationToken cancellationToken)
    {
        Dictionary<string, string>? names = grouping switch
        {
            KpiGrouping.Town => await GetUnitNamesAsync(rows.Select(r => r.Key), cancellationToken),
            KpiGrouping.Office => await GetPointNamesAsync(rows.Select(r => r.Key), cancellationToken),
            _ => null,
        };
        foreach (var row in rows)
        {
            if (names is not null)
            {
                row.Name = names.TryGetValue(row.Key, out var name) ? name : row.Key;
            }
            else if (grouping == KpiGrouping.Month || string.IsNullOrEmpty(row.Name))
            {
                row.Name = row.Key;
            }
        }
    }
}
