using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Claims;
using Grassroots.Data;
using Grassroots.Hosting;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Screens;
using Grassroots.ServiceRequests.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Benchmarks;

/// <summary>
/// <c>service [--requests 446000] [--runs 25] [--postgres "&lt;conn&gt;"] [--keep name]</c>: boots the real app host on a fresh (or kept)
/// database, creates the county's service network (centre, a room per town with four windows, a station per village —
/// the villages are the real ones the recipe loads from seeds/data/changle-370725.csv), bulk-inserts N
/// <see cref="ServiceRequestRecord"/> facts rows over seven months with realistic mixes (raw parameterised INSERTs:
/// one reused one-row command on SQLite, 200-row commands on PostgreSQL; one transaction per 10,000 rows), then times the KPI dashboard query (county, grouped by town),
/// the 督办清单 and the request list tabs (已逾期, 我的队列, 全部) through ServiceKpiService / ServiceRequestQueries.
/// </summary>
internal static class ServiceBenchmark
{
    private const int RowsPerCommand = 200;
    private const int RowsPerTransaction = 10_000;
    private const string County = "370725";
    private const string CountyPath = "/370725/";

    private static readonly string[] Months = ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"];

    /// <summary>Service items: code, name, time limit (0 = 即办), where handled (S station, W town window, C county window), window department.</summary>
    private static readonly (string Code, string Name, int Days, char Level, string Dept, int Weight)[] Items =
    [
        ("370725-MZ-001", "最低生活保障申请", 20, 'W', "MZ", 6),
        ("370725-MZ-002", "特困人员救助供养申请", 20, 'W', "MZ", 2),
        ("370725-MZ-003", "临时救助申请", 10, 'W', "MZ", 4),
        ("370725-MZ-004", "高龄津贴申领", 5, 'W', "MZ", 5),
        ("370725-MZ-005", "残疾人两项补贴申请", 15, 'W', "MZ", 3),
        ("370725-SB-001", "城乡居民养老保险参保登记", 0, 'S', "SB", 9),
        ("370725-SB-002", "城乡居民医疗保险参保登记", 0, 'S', "SB", 10),
        ("370725-SB-003", "社会保障卡补办", 5, 'W', "SB", 7),
        ("370725-SB-004", "养老保险待遇领取资格认证", 0, 'S', "SB", 8),
        ("370725-SB-005", "医疗费用手工报销", 15, 'C', "YB", 3),
        ("370725-NY-001", "农村宅基地和建房（规划许可）申请", 20, 'W', "NY", 2),
        ("370725-NY-002", "耕地地力保护补贴申报", 10, 'W', "NY", 4),
        ("370725-NY-003", "土地承包经营权流转备案", 10, 'W', "NY", 2),
        ("370725-ZH-001", "户籍证明（居住证明）开具", 0, 'S', "ZH", 9),
        ("370725-ZH-002", "邻里纠纷调解", 15, 'W', "ZH", 4),
        ("370725-ZH-003", "计划生育家庭奖励扶助申请", 10, 'W', "ZH", 2),
        ("370725-ZH-004", "道路、路灯等公共设施报修", 5, 'W', "ZH", 6),
        ("370725-GA-001", "居民身份证换领", 20, 'C', "GA", 3),
        ("370725-SC-001", "个体工商户设立登记", 3, 'C', "SC", 3),
        ("370725-BZ-001", "不动产登记信息查询", 0, 'C', "BDC", 2),
    ];

    private static readonly string[] TownDepartments = ["MZ", "SB", "NY", "ZH"];
    private static readonly string[] CountyDepartments = ["YB", "GA", "SC", "BDC"];

    public static async Task<int> RunAsync(string[] args)
    {
        string? postgres = null, keep = null;
        int requests = 446_000, runs = 25;
        for (var i = 0; i < args.Length - 1; i += 2)
        {
            switch (args[i])
            {
                case "--postgres": postgres = args[i + 1]; break;
                case "--keep": keep = args[i + 1]; break;
                case "--requests": requests = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--runs": runs = Math.Max(20, int.Parse(args[i + 1], CultureInfo.InvariantCulture)); break;
                default: throw new ArgumentException($"Unknown option {args[i]}");
            }
        }

        await using var database = await BenchmarkDatabase.CreateAsync(postgres, keep);
        var builder = database.CreateHostBuilder();
        builder.AddGrassroots();
        await using var app = builder.Build();
        var setup = Stopwatch.StartNew();
        await app.UseGrassrootsAsync();
        await app.StartAsync();

        Console.WriteLine("Grassroots service-request KPI benchmark");
        Console.WriteLine($"  machine:  {Machine.Describe()}");
        Console.WriteLine($"  runtime:  {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}");
        Console.WriteLine($"  database: {database.Describe()}");
        Console.WriteLine($"  host set up (migrations + county recipe) in {setup.Elapsed.TotalSeconds:0.0} s");

        List<OrgUnit> units;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            units = await scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext.Set<OrgUnit>().AsNoTracking().ToListAsync();
        }

        var villages = units.Where(u => u.Level == OrgUnitLevel.Village).OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        var towns = units.Where(u => u.Level == OrgUnitLevel.Town).OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        int existing;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            existing = await scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext.Set<ServiceRequestRecord>().CountAsync();
        }

        if (existing > 0)
        {
            // --keep: the kept database already holds the generated rows (its schema migrated to the current version at start-up).
            Console.WriteLine($"  reusing the kept database: {existing:N0} ServiceRequests rows already generated (no insert)");
            await AnalyzeAsync(app.Services);
        }
        else
        {
            var points = await CreateNetworkAsync(app.Services, towns, villages);
            Console.WriteLine($"  network:  {points:N0} service points (1 centre, {towns.Count} rooms, {towns.Count * TownDepartments.Length + CountyDepartments.Length} windows, {villages.Count} village stations)");
            Console.WriteLine();

            var insert = Stopwatch.StartNew();
            var summary = await InsertAsync(app.Services, towns, villages, requests);
            insert.Stop();
            Console.WriteLine($"  inserted {requests:N0} ServiceRequests rows over {Months.Length} months ({Months[0]}..{Months[^1]}) for {villages.Count} villages of {towns.Count} towns " +
                $"in {insert.Elapsed.TotalSeconds:0.0} s ({requests / insert.Elapsed.TotalSeconds:N0} rows/s, raw INSERTs, {RowsPerTransaction:N0} per transaction)");
            Console.WriteLine($"  mix: {summary}");
            await AnalyzeAsync(app.Services);
        }

        Console.WriteLine($"  data size: {await SizeAsync(app.Services, database)}");
        Console.WriteLine();

        // The busiest town window is the office whose queue we time.
        string office;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
            office = await db.Set<ServiceRequestRecord>().Where(r => r.Stage != ServiceStage.Closed && r.Stage != ServiceStage.Completed)
                .GroupBy(r => r.CurrentPointCode).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
        }

        await TimeAsync(app.Services, runs, "(1) KPI dashboard: county, all seven months, grouped by town (ServiceKpiService.GetReportAsync, one GROUP BY + town names)", async services =>
        {
            var report = await services.GetRequiredService<ServiceKpiService>().GetReportAsync(CountyPath, new KpiFilter(), KpiGrouping.Town);
            return $"{report.Rows.Count} towns, 受理量 {report.Total.Registered:N0}, 办结量 {report.Total.Completed:N0}, 一次办结率 {report.Total.OneVisitRate}, " +
                $"按时办结率 {report.Total.OnTimeRate}, 满意率 {report.Total.SatisfactionRate}, 平均办理时长 {report.Total.AverageHandlingDaysText}, 逾期数 {report.Total.Supervised:N0}";
        });

        await TimeAsync(app.Services, runs, "(1b) KPI trend: county, grouped by month (the dashboard's line chart)", async services =>
        {
            var report = await services.GetRequiredService<ServiceKpiService>().GetReportAsync(CountyPath, new KpiFilter(), KpiGrouping.Month);
            return $"{report.Rows.Count} months";
        });

        // The setup admin (county jurisdiction) staffs the busiest office, so its 我的队列 is that office's queue; the list
        // screens are timed through the real ServiceRequestQueries (jurisdiction OR points filter included).
        ClaimsPrincipal admin;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
            var user = await db.Set<GrassrootsUser>().AsNoTracking().SingleAsync(u => u.UserName == "admin");
            if (!await db.Set<ServicePointStaff>().AnyAsync(s => s.UserName == "admin" && s.PointCode == office))
            {
                db.Add(new ServicePointStaff { PointCode = office, UserName = "admin", IsDispatcher = true });
                await db.SaveChangesAsync();
            }

            admin = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Name, "admin")], "benchmark"));
        }

        await TimeAsync(app.Services, runs, "(2) 督办清单 (ServiceRequestQueries.SupervisionAsync as the county admin): overdue and not completed, by deadline, up to 500 rows", async services =>
        {
            var list = await services.GetRequiredService<ServiceRequestQueries>().SupervisionAsync(admin, CancellationToken.None);
            return $"{list.Count:N0} rows";
        });

        await TimeAsync(app.Services, runs, "(2b) 诉求列表 tab 已逾期 (ServiceRequestQueries.ListAsync, tab overdue): first page of 50 + total count", async services =>
        {
            var page = await services.GetRequiredService<ServiceRequestQueries>().ListAsync(admin, new ServiceRequestFilter { Tab = "overdue" }, CancellationToken.None);
            return $"{page.Total:N0} overdue, first page {page.Items.Count} rows";
        });

        await TimeAsync(app.Services, runs, $"(3) 我的队列 of the admin staffing one office ({office}, the busiest; ServiceRequestQueries.ListAsync, tab mine): first page of 50 + total count", async services =>
        {
            var page = await services.GetRequiredService<ServiceRequestQueries>().ListAsync(admin, new ServiceRequestFilter { Tab = "mine" }, CancellationToken.None);
            return $"{page.Total:N0} open at the office, first page {page.Items.Count} rows";
        });

        await TimeAsync(app.Services, runs, "(3b) 诉求列表 tab 全部 (ServiceRequestQueries.ListAsync, no filter): first page of 50 + total count", async services =>
        {
            var page = await services.GetRequiredService<ServiceRequestQueries>().ListAsync(admin, new ServiceRequestFilter(), CancellationToken.None);
            return $"{page.Total:N0} requests, first page {page.Items.Count} rows";
        });

        var firstTown = towns[0].Code;
        await TimeAsync(app.Services, runs, $"(4) KPI drill-down: one town ({towns[0].Name}), grouped by office", async services =>
        {
            var report = await services.GetRequiredService<ServiceKpiService>().GetReportAsync(CountyPath, new KpiFilter(Town: firstTown), KpiGrouping.Office);
            return $"{report.Rows.Count} offices, 受理量 {report.Total.Registered:N0}";
        });

        await app.StopAsync();
        return 0;
    }

    private static async Task TimeAsync(IServiceProvider services, int runs, string title, Func<IServiceProvider, Task<string>> query)
    {
        const int warmUp = 3;
        var times = new List<double>(runs);
        var result = "";
        for (var i = -warmUp; i < runs; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var watch = Stopwatch.StartNew();
            result = await query(scope.ServiceProvider);
            watch.Stop();
            if (i >= 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        Console.WriteLine(title);
        Console.WriteLine($"    {runs} runs after {warmUp} warm-up: {Stats.Describe(times)}");
        Console.WriteLine($"    result: {result}");
    }

    private static async Task<int> CreateNetworkAsync(IServiceProvider services, List<OrgUnit> towns, List<OrgUnit> villages)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var list = new List<ServicePoint>
        {
            new() { Code = $"{County}-C", Name = "昌乐县群众工作中心", Kind = ServicePointKind.CountyCenter, OrgUnitCode = County, OrgPath = CountyPath },
        };
        list.AddRange(CountyDepartments.Select(d => new ServicePoint
        {
            Code = $"{County}-C-W-{d}", Name = $"县中心{d}窗口", Kind = ServicePointKind.Window, OrgUnitCode = County, OrgPath = CountyPath, ParentCode = $"{County}-C", Department = d,
        }));
        foreach (var town in towns)
        {
            list.Add(new ServicePoint { Code = $"{town.Code}-R", Name = $"{town.Name}群众工作室", Kind = ServicePointKind.TownRoom, OrgUnitCode = town.Code, OrgPath = town.Path, ParentCode = $"{County}-C" });
            list.AddRange(TownDepartments.Select(d => new ServicePoint
            {
                Code = $"{town.Code}-R-W-{d}", Name = $"{town.Name}{d}窗口", Kind = ServicePointKind.Window, OrgUnitCode = town.Code, OrgPath = town.Path, ParentCode = $"{town.Code}-R", Department = d,
            }));
        }

        list.AddRange(villages.Select(v => new ServicePoint
        {
            Code = $"{v.Code}-S", Name = $"{v.Name}群众工作站", Kind = ServicePointKind.VillageStation, OrgUnitCode = v.Code, OrgPath = v.Path, ParentCode = $"{v.ParentCode}-R",
        }));
        // The county recipe may already have created part of the network (same codes): add only the missing points.
        var existing = (await db.Set<ServicePoint>().AsNoTracking().Select(p => p.Code).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        db.AddRange(list.Where(p => !existing.Contains(p.Code)));
        await db.SaveChangesAsync();
        return list.Count;
    }

    private static async Task<string> InsertAsync(IServiceProvider services, List<OrgUnit> towns, List<OrgUnit> villages, int count)
    {
        var random = new Random(20261128);
        var townPaths = towns.ToDictionary(t => t.Code, t => t.Path, StringComparer.Ordinal);

        // Villages differ in size: weights 1..6.
        var villageWeights = villages.Select(_ => 1 + random.Next(6)).ToArray();
        var villageCumulative = Cumulative(villageWeights);
        var itemCumulative = Cumulative(Items.Select(i => i.Weight).ToArray());
        var china = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var lastDay = new DateOnly(2026, 10, 31);
        var now = new DateTime(2026, 11, 3, 2, 0, 0, DateTimeKind.Utc);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        var entity = db.Model.FindEntityType(typeof(ServiceRequestRecord))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Select(p => (Property: p, Column: p.GetColumnName(table)!, Converter: p.GetTypeMapping().Converter)).ToArray();
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        var columnList = string.Join(", ", columns.Select(c => $"\"{c.Column}\""));
        int completed = 0, oneVisit = 0, answered = 0, satisfied = 0, supervised = 0, overdueNow = 0;
        // SQLite looks bound parameters up by name linearly, so it gets a prepared one-row INSERT reused for every row;
        // PostgreSQL gets multi-row INSERTs of 200 rows (fewer round trips).
        var rowsPerCommand = db.Database.ProviderName!.Contains("Sqlite", StringComparison.Ordinal) ? 1 : RowsPerCommand;
        var batch = new List<ServiceRequestRecord>(rowsPerCommand);
        DbCommand? command = null;
        DbTransaction? transaction = null;
        for (var i = 0; i < count; i++)
        {
            if (i % RowsPerTransaction == 0)
            {
                if (transaction is not null)
                {
                    await transaction.CommitAsync();
                    await transaction.DisposeAsync();
                }

                transaction = await connection.BeginTransactionAsync();
            }

            var village = villages[Pick(villageCumulative, random)];
            var item = Items[Pick(itemCumulative, random)];
            var monthIndex = i * Months.Length / count;
            var month = DateOnly.ParseExact(Months[monthIndex] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
            DateOnly day;
            do
            {
                day = month.AddDays(random.Next(DateTime.DaysInMonth(month.Year, month.Month)));
            }
            while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);

            var town = village.ParentCode!;
            var registeredLocal = day.ToDateTime(new TimeOnly(8 + random.Next(9), random.Next(60)));
            var registered = TimeZoneInfo.ConvertTimeToUtc(registeredLocal, china);
            var office = item.Level switch
            {
                'S' => $"{village.Code}-S",
                'W' => $"{town}-R-W-{item.Dept}",
                _ => $"{County}-C-W-{item.Dept}",
            };
            var officePath = item.Level switch { 'S' => village.Path, 'W' => townPaths[town], _ => CountyPath };
            var registeredAt = item.Level == 'S' ? $"{village.Code}-S" : item.Level == 'W' ? $"{town}-R" : $"{County}-C";
            var due = item.Days == 0 ? (DateOnly?)null : AddWorkingDays(day, item.Days);
            var record = new ServiceRequestRecord
            {
                ContentItemId = $"bsr{i:D10}",
                ReceiptCode = $"{day:yyyyMMdd}-{Base36(i)}",
                ItemCode = item.Code,
                ItemName = item.Name,
                Channel = (ServiceChannel)(1 + random.Next(6)),
                InitialClass = item.Days == 0 ? ServiceClass.Immediate : ServiceClass.Promised,
                Class = item.Days == 0 ? ServiceClass.Immediate : ServiceClass.Promised,
                RegisteredPointCode = registeredAt,
                CurrentPointCode = office,
                CurrentOrgPath = officePath,
                DispatchPointCode = item.Level == 'S' ? null : registeredAt,
                TownCode = town,
                OrgUnitCode = village.Code,
                OrgPath = village.Path,
                RegisteredUtc = registered,
                RegisteredDate = day,
                Month = day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                TimeLimitDays = item.Days,
                DueDate = due,
                DueUtc = due is { } d ? TimeZoneInfo.ConvertTimeToUtc(d.ToDateTime(new TimeOnly(23, 59, 59)), china) : null,
                AcceptedUtc = item.Level == 'S' ? null : registered.AddHours(2),
                Version = 1,
            };

            // Open when registered in the last weeks (and a few older stragglers); otherwise completed.
            var age = lastDay.DayNumber - day.DayNumber;
            var isOpen = item.Days > 0 && (age < item.Days * 1.4 ? random.NextDouble() < 0.55 : random.NextDouble() < 0.004);
            var materials = random.NextDouble() < 0.10 ? 1 : 0;
            var sendBack = item.Level != 'S' && random.NextDouble() < 0.04 ? 1 : 0;
            if (isOpen)
            {
                var roll = random.NextDouble();
                record.Stage = roll < 0.1 ? ServiceStage.AwaitingDispatch : roll < 0.2 ? ServiceStage.AwaitingAcceptance : roll < 0.85 ? ServiceStage.InProgress
                    : roll < 0.93 ? ServiceStage.AwaitingMaterials : roll < 0.98 ? ServiceStage.AwaitingExtension : ServiceStage.AwaitingArbitration;
                if (record.Stage is ServiceStage.AwaitingDispatch or ServiceStage.AwaitingArbitration)
                {
                    record.CurrentPointCode = registeredAt;
                    record.CurrentOrgPath = item.Level == 'C' ? CountyPath : townPaths[town];
                }

                record.MaterialsRounds = record.Stage == ServiceStage.AwaitingMaterials ? 1 : materials;
                record.SendBackCount = sendBack;
                if (record.Stage == ServiceStage.AwaitingMaterials)
                {
                    record.Class = ServiceClass.Supplement;
                    record.RemainingWorkingDays = 1 + random.Next(Math.Max(1, item.Days));
                    record.DueDate = null;
                    record.DueUtc = null;
                }
                else if (record.DueUtc < now)
                {
                    record.IsOverdue = true;
                    record.SupervisedUtc = record.DueUtc.Value.AddHours(1);
                    overdueNow++;
                    supervised++;
                }
            }
            else
            {
                completed++;
                var redo = random.NextDouble() < 0.015 ? 1 : 0;
                var late = item.Days > 0 && random.NextDouble() < 0.035;
                var days = item.Days == 0 ? 0 : late ? item.Days + 1 + random.Next(5) : Math.Max(1, (int)(item.Days * (0.2 + 0.75 * random.NextDouble())));
                record.Stage = ServiceStage.Completed;
                record.OfficeCode = office;
                record.MaterialsRounds = materials;
                record.SendBackCount = sendBack;
                record.RedoCount = redo;
                record.OneVisit = materials == 0 && sendBack == 0 && redo == 0;
                record.CompletedOnTime = !late;
                record.HandlingWorkingDays = days + materials * 2;
                record.CompletedUtc = TimeZoneInfo.ConvertTimeToUtc(AddWorkingDays(day, days + materials * 2).ToDateTime(new TimeOnly(10 + random.Next(7), 0)), china);
                if (record.CompletedUtc < registered)
                {
                    record.CompletedUtc = registered.AddMinutes(20 + random.Next(60));
                }

                if (late)
                {
                    record.SupervisedUtc = record.DueUtc!.Value.AddHours(1);
                    supervised++;
                }

                oneVisit += record.OneVisit == true ? 1 : 0;

                // Follow-up on ~93% (not yet for the freshest); ~96% of those answer; ≈98% satisfied or very satisfied.
                if (record.CompletedUtc < now.AddDays(-3) && random.NextDouble() < 0.93)
                {
                    record.Stage = ServiceStage.Closed;
                    record.FollowUpUtc = record.CompletedUtc.Value.AddDays(1 + random.Next(3));
                    record.FollowUpMethod = (FollowUpMethod)(1 + random.Next(4));
                    if (random.NextDouble() < 0.96)
                    {
                        var s = random.NextDouble();
                        record.Satisfaction = s < 0.62 ? Satisfaction.VerySatisfied : s < 0.98 ? Satisfaction.Satisfied : s < 0.995 ? Satisfaction.Neutral
                            : s < 0.998 ? Satisfaction.Dissatisfied : Satisfaction.VeryDissatisfied;
                        answered++;
                        satisfied += record.Satisfaction >= Satisfaction.Satisfied ? 1 : 0;
                    }
                }
            }

            batch.Add(record);
            if (batch.Count == rowsPerCommand || i == count - 1)
            {
                if (command is null || command.Parameters.Count != batch.Count * columns.Length)
                {
                    if (command is not null)
                    {
                        await command.DisposeAsync();
                    }

                    command = CreateInsert(connection, entity.GetTableName()!, columnList, columns.Length, batch.Count);
                }

                command.Transaction = transaction;
                var n = 0;
                foreach (var row in batch)
                {
                    foreach (var column in columns)
                    {
                        var value = column.Property.PropertyInfo!.GetValue(row);
                        if (value is not null && column.Converter is { } converter)
                        {
                            value = converter.ConvertToProvider(value);
                        }
                        else if (value is Enum)
                        {
                            value = Convert.ToInt32(value, CultureInfo.InvariantCulture);
                        }

                        command.Parameters[n++].Value = value ?? DBNull.Value;
                    }
                }

                await command.ExecuteNonQueryAsync();
                batch.Clear();
            }

            if ((i + 1) % 100_000 == 0)
            {
                Console.WriteLine($"    {i + 1,9:N0} inserted");
            }
        }

        await transaction!.CommitAsync();
        await transaction.DisposeAsync();
        if (command is not null)
        {
            await command.DisposeAsync();
        }

        return $"{completed:N0} completed ({completed * 100.0 / count:0.0}%), one-visit {oneVisit * 100.0 / completed:0.0}%, satisfied {satisfied * 100.0 / Math.Max(1, answered):0.0}% of {answered:N0} answers, " +
            $"{supervised:N0} ever supervised, {overdueNow:N0} overdue now";
    }

    private static DbCommand CreateInsert(DbConnection connection, string table, string columnList, int columnCount, int rows)
    {
        var command = connection.CreateCommand();
        var sql = new System.Text.StringBuilder($"INSERT INTO \"{table}\" ({columnList}) VALUES ");
        var n = 0;
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columnCount; c++)
            {
                var name = "@p" + n++;
                sql.Append(c == 0 ? name : ", " + name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = DBNull.Value;
                command.Parameters.Add(parameter);
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        return command;
    }

    private static async Task AnalyzeAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        await db.Database.ExecuteSqlRawAsync("ANALYZE \"ServiceRequests\"");
    }

    private static async Task<string> SizeAsync(IServiceProvider services, BenchmarkDatabase database)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        var rows = await db.Set<ServiceRequestRecord>().CountAsync();
        string size;
        if (database.IsPostgres)
        {
            var bytes = await db.Database.SqlQueryRaw<long>("SELECT pg_total_relation_size('\"ServiceRequests\"') AS \"Value\"").SingleAsync();
            size = $"table + indexes {bytes / 1024.0 / 1024.0:0.0} MiB";
        }
        else
        {
            var bytes = Directory.EnumerateFiles(database.DataPath, "grassroots.db*").Sum(f => new FileInfo(f).Length);
            size = $"{bytes / 1024.0 / 1024.0:0.0} MiB SQLite file (with WAL, whole database)";
        }

        return $"{rows:N0} ServiceRequests rows, {size}";
    }

    private static DateOnly AddWorkingDays(DateOnly from, int days)
    {
        var day = from;
        while (days > 0)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                days--;
            }
        }

        return day;
    }

    private static int[] Cumulative(int[] weights)
    {
        var result = new int[weights.Length];
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            result[i] = sum;
        }

        return result;
    }

    private static int Pick(int[] cumulative, Random random)
    {
        var roll = random.Next(cumulative[^1]);
        var index = Array.BinarySearch(cumulative, roll + 1);
        return index >= 0 ? index : ~index;
    }

    private static string Base36(int value)
    {
        const string digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var chars = new char[6];
        for (var i = 5; i >= 0; i--)
        {
            chars[i] = digits[value % 36];
            value /= 36;
        }

        return new string(chars);
    }
}
