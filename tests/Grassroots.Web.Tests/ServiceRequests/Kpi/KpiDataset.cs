using Grassroots.Data;
using Grassroots.ServiceRequests.Models;
using Grassroots.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.ServiceRequests.Kpi;

/// <summary>
/// 15 hand-made facts rows across two towns (宝都街道 370725001 r01–r07, 乔官镇 370725107 r08–r15), two offices
/// (宝都街道民政窗口, 乔官镇社保窗口; r07 still waits at the 宝都 room), two months (2026-09, 2026-10) and two items
/// (KPI-DB 最低生活保障申请, KPI-SB 社会保障卡补办).
/// <code>
/// id   town  month    item office(current)   done  1-visit on-time days follow-up satisfaction supervised overdue stage
/// r01  宝都  2026-09  DB   MZ                yes   yes     yes     3    yes       5            -          -       Closed
/// r02  宝都  2026-09  DB   MZ                yes   yes     yes     2    yes       4            -          -       Closed
/// r03  宝都  2026-09  DB   MZ                yes   no(补办) yes    5    yes       3            -          -       Closed
/// r04  宝都  2026-09  DB   MZ                yes   yes     no      7    yes       (no answer)  yes        -       Closed
/// r05  宝都  2026-10  SB   MZ                yes   yes     yes     1    -         -            -          -       Completed
/// r06  宝都  2026-10  SB   (MZ)              -     -       -       -    -         -            yes        yes     InProgress
/// r07  宝都  2026-10  SB   (宝都 room)       -     -       -       -    -         -            -          -       AwaitingDispatch
/// r08  乔官  2026-09  DB   SB                yes   yes     yes     4    yes       5            -          -       Closed
/// r09  乔官  2026-09  DB   SB                yes   no(重办) yes    6    yes       2            -          -       Closed
/// r10  乔官  2026-09  DB   SB                yes   yes     yes     2    yes       4            -          -       Closed
/// r11  乔官  2026-10  SB   SB                yes   yes     no      9    yes       5            yes        -       Closed
/// r12  乔官  2026-10  SB   SB                yes   no(退单) yes    3    -         -            -          -       Completed
/// r13  乔官  2026-10  SB   (SB)              -     -       -       -    -         -            -          -       InProgress
/// r14  乔官  2026-10  SB   (SB)              -     -       -       -    -         -            -          -       AwaitingMaterials
/// r15  乔官  2026-09  SB   SB                yes   yes     yes     0    yes       4            -          -       Closed
/// </code>
/// </summary>
internal static class KpiDataset
{
    public const string CsvHeader = "镇(街道),编码,受理量,办结量,一次办结数,一次办结率,按时办结数,按时办结率,回访数,回访率,有效答复数,满意数,满意率,平均办理时长（工作日）,逾期数,当前逾期";

    private const string BaoduVillage = "370725001036";
    private const string QiaoguanVillage = "370725107277";
    private const string Mz = "370725001-R-W-MZ";
    private const string Sb = "370725107-R-W-SB";
    private const string BaoduRoom = "370725001-R";

    public static readonly IReadOnlyList<ServiceRequestRecord> Rows =
    [
        Done(1, BaoduVillage, "2026-09-03", "KPI-DB", Mz, oneVisit: true, onTime: true, days: 3, satisfaction: Satisfaction.VerySatisfied),
        Done(2, BaoduVillage, "2026-09-08", "KPI-DB", Mz, oneVisit: true, onTime: true, days: 2, satisfaction: Satisfaction.Satisfied),
        Done(3, BaoduVillage, "2026-09-10", "KPI-DB", Mz, oneVisit: false, onTime: true, days: 5, satisfaction: Satisfaction.Neutral, materials: 1),
        Done(4, BaoduVillage, "2026-09-15", "KPI-DB", Mz, oneVisit: true, onTime: false, days: 7, followUpNoAnswer: true, supervised: true),
        Done(5, BaoduVillage, "2026-10-09", "KPI-SB", Mz, oneVisit: true, onTime: true, days: 1, followUp: false),
        Open(6, BaoduVillage, "2026-10-05", "KPI-SB", Mz, ServiceStage.InProgress, overdue: true),
        Open(7, BaoduVillage, "2026-10-20", "KPI-SB", BaoduRoom, ServiceStage.AwaitingDispatch),
        Done(8, QiaoguanVillage, "2026-09-04", "KPI-DB", Sb, oneVisit: true, onTime: true, days: 4, satisfaction: Satisfaction.VerySatisfied),
        Done(9, QiaoguanVillage, "2026-09-11", "KPI-DB", Sb, oneVisit: false, onTime: true, days: 6, satisfaction: Satisfaction.Dissatisfied, redo: 1),
        Done(10, QiaoguanVillage, "2026-09-17", "KPI-DB", Sb, oneVisit: true, onTime: true, days: 2, satisfaction: Satisfaction.Satisfied),
        Done(11, QiaoguanVillage, "2026-10-10", "KPI-SB", Sb, oneVisit: true, onTime: false, days: 9, satisfaction: Satisfaction.VerySatisfied, supervised: true),
        Done(12, QiaoguanVillage, "2026-10-13", "KPI-SB", Sb, oneVisit: false, onTime: true, days: 3, followUp: false, sendBacks: 1),
        Open(13, QiaoguanVillage, "2026-10-21", "KPI-SB", Sb, ServiceStage.InProgress),
        Open(14, QiaoguanVillage, "2026-10-22", "KPI-SB", Sb, ServiceStage.AwaitingMaterials),
        Done(15, QiaoguanVillage, "2026-09-24", "KPI-SB", Sb, oneVisit: true, onTime: true, days: 0, satisfaction: Satisfaction.Satisfied, immediate: true),
    ];

    /// <summary>Inserts the rows and the two windows and the room (for their names).</summary>
    public static async Task InsertAsync(GrassrootsFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        ServicePoint[] points =
        [
            new() { Code = BaoduRoom, Name = "宝都街道群众工作室", Kind = ServicePointKind.TownRoom, OrgUnitCode = "370725001", OrgPath = "/370725/370725001/", ParentCode = "370725-C" },
            new() { Code = Mz, Name = "宝都街道民政窗口", Kind = ServicePointKind.Window, OrgUnitCode = "370725001", OrgPath = "/370725/370725001/", ParentCode = BaoduRoom, Department = "民政办" },
            new() { Code = Sb, Name = "乔官镇社保窗口", Kind = ServicePointKind.Window, OrgUnitCode = "370725107", OrgPath = "/370725/370725107/", ParentCode = "370725107-R", Department = "社保所" },
        ];
        foreach (var point in points)
        {
            // The county recipe's demo network may already hold these codes: then only the names the figures expect are set.
            var existing = await db.Set<ServicePoint>().FirstOrDefaultAsync(p => p.Code == point.Code);
            if (existing is null)
            {
                db.Add(point);
            }
            else
            {
                existing.Name = point.Name;
            }
        }

        foreach (var row in Rows)
        {
            db.Add(Copy(row));
        }

        await db.SaveChangesAsync();
    }

    private static ServiceRequestRecord Done(int n, string village, string date, string item, string office, bool oneVisit, bool onTime, int days,
        Satisfaction? satisfaction = null, bool followUp = true, bool followUpNoAnswer = false, bool supervised = false, int materials = 0, int redo = 0,
        int sendBacks = 0, bool immediate = false)
    {
        var row = Base(n, village, date, item, office, immediate);
        var registered = row.RegisteredUtc;
        row.OfficeCode = office;
        row.CompletedUtc = registered.AddDays(days + 1);
        row.CompletedOnTime = onTime;
        row.HandlingWorkingDays = days;
        row.OneVisit = oneVisit;
        row.MaterialsRounds = materials;
        row.RedoCount = redo;
        row.SendBackCount = sendBacks;
        row.SupervisedUtc = supervised ? registered.AddDays(days) : null;
        row.Stage = followUp ? ServiceStage.Closed : ServiceStage.Completed;
        if (followUp)
        {
            row.FollowUpUtc = row.CompletedUtc.Value.AddDays(1);
            row.FollowUpMethod = FollowUpMethod.Phone;
            row.Satisfaction = followUpNoAnswer ? null : satisfaction;
        }

        return row;
    }

    private static ServiceRequestRecord Open(int n, string village, string date, string item, string point, ServiceStage stage, bool overdue = false)
    {
        var row = Base(n, village, date, item, point, immediate: false);
        row.Stage = stage;
        row.IsOverdue = overdue;
        row.SupervisedUtc = overdue ? row.DueUtc!.Value.AddHours(1) : null;
        return row;
    }

    private static ServiceRequestRecord Base(int n, string village, string date, string item, string point, bool immediate)
    {
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        var town = village[..9];
        var registered = DateTime.SpecifyKind(day.ToDateTime(new TimeOnly(1, 30)), DateTimeKind.Utc); // 09:30 CST
        var due = day.AddDays(14);
        return new ServiceRequestRecord
        {
            ContentItemId = $"kpitest{n:D2}",
            ReceiptCode = $"{day:yyyyMMdd}-R{n:D2}XKP",
            ItemCode = item,
            ItemName = item == "KPI-DB" ? "最低生活保障申请" : "社会保障卡补办",
            Channel = ServiceChannel.Window,
            InitialClass = immediate ? ServiceClass.Immediate : ServiceClass.Promised,
            Class = immediate ? ServiceClass.Immediate : ServiceClass.Promised,
            RegisteredPointCode = $"{town}-R",
            CurrentPointCode = point,
            CurrentOrgPath = $"/370725/{town}/",
            DispatchPointCode = $"{town}-R",
            TownCode = town,
            OrgUnitCode = village,
            OrgPath = $"/370725/{town}/{village}/",
            RegisteredUtc = registered,
            RegisteredDate = day,
            Month = day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
            TimeLimitDays = immediate ? 0 : 10,
            DueDate = immediate ? null : due,
            DueUtc = immediate ? null : DateTime.SpecifyKind(due.ToDateTime(new TimeOnly(15, 59, 59)), DateTimeKind.Utc),
        };
    }

    private static ServiceRequestRecord Copy(ServiceRequestRecord row) => (ServiceRequestRecord)typeof(ServiceRequestRecord)
        .GetMethod("MemberwiseClone", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.Invoke(row, null)!;
}
