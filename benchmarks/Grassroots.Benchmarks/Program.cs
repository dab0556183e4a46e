using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.Data;
using Grassroots.Hosting;
using Grassroots.Workflows;
using Grassroots.Workflows.Models;
using Grassroots.Workflows.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Grassroots.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Grassroots.Benchmarks -- workflows [--postgres "&lt;conn&gt;"]
/// [--instances 2000] [--waiting 100000] [--due 1000]</c>: boots the real app host in-process on a fresh database and
/// prints workflow activity executions per second and the sweep time with many waiting instances.
/// <c>… -- search [--docs 1000000] [--queries 200] [--postgres "&lt;conn&gt;"]</c>: see <see cref="SearchBenchmark"/>.
/// <c>… -- service [--requests 446000] [--runs 25] [--postgres "&lt;conn&gt;"] [--keep name]</c>: see <see cref="ServiceBenchmark"/>.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.Length == 0 ? "" : args[0])
        {
            case "workflows":
                return await WorkflowsAsync(args);
            case "search":
                return await SearchBenchmark.RunAsync(args[1..]);
            case "service":
                return await ServiceBenchmark.RunAsync(args[1..]);
            default:
                Console.Error.WriteLine("Usage: workflows [--postgres \"<admin connection string>\"] [--instances N] [--waiting N] [--due N]");
                Console.Error.WriteLine("       search [--postgres \"<admin connection string>\"] [--docs N] [--queries N]");
                Console.Error.WriteLine("       service [--postgres \"<admin connection string>\"] [--requests N] [--runs N]");
                return 2;
        }
    }

    private static async Task<int> WorkflowsAsync(string[] args)
    {
        var options = BenchmarkOptions.Parse(args[1..]);
        await using var database = await BenchmarkDatabase.CreateAsync(options.Postgres);
        var clock = new ShiftedTimeProvider();
        var builder = database.CreateHostBuilder();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.AddGrassroots();
        await using var app = builder.Build();
        var setup = Stopwatch.StartNew();
        await app.UseGrassrootsAsync();
        await app.StartAsync();
        var sweepService = app.Services.GetRequiredService<WorkflowSweepService>();
        while (sweepService.Sweeps < 1)
        {
            await Task.Delay(10);
        }

        Console.WriteLine("Grassroots workflow benchmark");
        Console.WriteLine($"  machine:  {Machine.Describe()}");
        Console.WriteLine($"  runtime:  {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}");
        Console.WriteLine($"  database: {database.Describe()}");
        Console.WriteLine($"  host set up (migrations + county recipe) in {setup.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine();

        await ExecutionBenchmark.RunAsync(app.Services, options.Instances);
        Console.WriteLine();
        await SweepBenchmark.RunAsync(app.Services, clock, options.Waiting, options.Due);
        Console.WriteLine();
        Console.WriteLine($"  data size: {await database.SizeAsync(app.Services)}");
        await app.StopAsync();
        return 0;
    }
}

internal sealed record BenchmarkOptions(string? Postgres, int Instances, int Waiting, int Due)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        string? postgres = null;
        int instances = 2000, waiting = 100_000, due = 1000;
        for (var i = 0; i < args.Length - 1; i += 2)
        {
            switch (args[i])
            {
                case "--postgres": postgres = args[i + 1]; break;
                case "--instances": instances = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--waiting": waiting = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--due": due = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i]}");
            }
        }

        return new BenchmarkOptions(postgres, instances, waiting, Math.Min(due, waiting));
    }
}

/// <summary>The system clock plus an offset the benchmark moves forward to make deadlines due.</summary>
internal sealed class ShiftedTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}

internal static class Stats
{
    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Describe(List<double> millis)
    {
        millis.Sort();
        return $"median {Percentile(millis, 0.5):0.00} ms, p95 {Percentile(millis, 0.95):0.00} ms, max {millis[^1]:0.00} ms";
    }
}

/// <summary>(a) A 10-activity linear workflow (SetProperty, Script, IfElse) run start to finish through the executor.</summary>
internal static class ExecutionBenchmark
{
    public const string TypeId = "bench-linear";

    public static async Task RunAsync(IServiceProvider services, int count)
    {
        await SaveTypeAsync(services, Linear());
        const int warmUp = 50;
        var times = new List<double>(count);
        var activities = 0L;
        var total = Stopwatch.StartNew();
        for (var i = -warmUp; i < count; i++)
        {
            if (i == 0)
            {
                total.Restart();
            }

            var watch = Stopwatch.StartNew();
            await using var scope = services.CreateAsyncScope();
            var instance = await scope.ServiceProvider.GetRequiredService<IWorkflowExecutor>()
                .StartAsync(TypeId, new JsonObject { ["n"] = i + warmUp }, correlationId: null);
            watch.Stop();
            if (instance.Status != WorkflowStatus.Finished || instance.History.Count != 10)
            {
                throw new InvalidOperationException($"Instance ended {instance.Status} after {instance.History.Count} activities: {instance.FaultMessage}");
            }

            if (i >= 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
                activities += instance.History.Count;
            }
        }

        total.Stop();
        Console.WriteLine($"(a) activity execution: {count:N0} instances of a 10-activity linear workflow (SetProperty ×4, Script ×3, IfElse ×2, Start),");
        Console.WriteLine("    each started, run to the end and saved (instance JSON + index) in its own scope:");
        Console.WriteLine($"    per instance: {Stats.Describe(times)}");
        Console.WriteLine($"    overall: {count / total.Elapsed.TotalSeconds:N0} instances/s, {activities / total.Elapsed.TotalSeconds:N0} activity executions/s ({activities:N0} in {total.Elapsed.TotalSeconds:0.0} s)");
    }

    private static JsonObject Linear()
    {
        var ids = new[] { "start", "set1", "script1", "if1", "set2", "script2", "if2", "set3", "script3", "set4" };
        var activities = new JsonArray
        {
            Activity("start", "Start", []),
            Activity("set1", "SetProperty", new JsonObject { ["PropertyName"] = "n", ["Expression"] = "input.n" }),
            Activity("script1", "Script", new JsonObject { ["Script"] = "setProperty('a', properties.n * 2);" }),
            Activity("if1", "IfElse", new JsonObject { ["Condition"] = "properties.a >= 0 || properties.a < 0" }),
            Activity("set2", "SetProperty", new JsonObject { ["PropertyName"] = "label", ["Expression"] = "'case-' + properties.n" }),
            Activity("script2", "Script", new JsonObject { ["Script"] = "const parts = properties.label.split('-'); setProperty('parts', parts.length);" }),
            Activity("if2", "IfElse", new JsonObject { ["Condition"] = "properties.parts === 2" }),
            Activity("set3", "SetProperty", new JsonObject { ["PropertyName"] = "checked", ["Expression"] = "true" }),
            Activity("script3", "Script", new JsonObject { ["Script"] = "setProperty('sum', properties.a + properties.parts);" }),
            Activity("set4", "SetProperty", new JsonObject { ["PropertyName"] = "done", ["Expression"] = "true", ["endedOutcomes"] = "Done" }),
        };
        activities[0]!["isStart"] = true;
        activities[3]!["properties"]!["endedOutcomes"] = "False";
        activities[6]!["properties"]!["endedOutcomes"] = "False";
        var transitions = new JsonArray();
        for (var i = 0; i < ids.Length - 1; i++)
        {
            var outcome = ids[i].StartsWith("if", StringComparison.Ordinal) ? "True" : "Done";
            transitions.Add(new JsonObject { ["sourceId"] = ids[i], ["outcome"] = outcome, ["destinationId"] = ids[i + 1] });
        }

        return new JsonObject { ["id"] = TypeId, ["name"] = "基准：线性流程", ["activities"] = activities, ["transitions"] = transitions };
    }

    internal static JsonObject Activity(string id, string type, JsonObject properties) =>
        new() { ["id"] = id, ["type"] = type, ["properties"] = properties };

    internal static async Task SaveTypeAsync(IServiceProvider services, JsonObject json)
    {
        await using var scope = services.CreateAsyncScope();
        var definition = json.Deserialize<WorkflowTypeDefinition>(GrassrootsJson.Options)!;
        var result = await scope.ServiceProvider.GetRequiredService<WorkflowTypeService>()
            .SaveAsync(definition.Id, definition, "admin", "saved", CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))));
        }
    }
}

/// <summary>(b) The sweep with many instances waiting on future deadlines: idle, and with some due.</summary>
internal static class SweepBenchmark
{
    private const string TypeId = "bench-deadline";
    private const int Batch = 2000;

    public static async Task RunAsync(IServiceProvider services, ShiftedTimeProvider clock, int waiting, int dueCount)
    {
        await ExecutionBenchmark.SaveTypeAsync(services, new JsonObject
        {
            ["id"] = TypeId,
            ["name"] = "基准：期限",
            ["activities"] = new JsonArray(
                new JsonObject { ["id"] = "start", ["type"] = "Start", ["isStart"] = true },
                ExecutionBenchmark.Activity("deadline", "Deadline", new JsonObject { ["BaseDate"] = "input.due", ["Amount"] = 0, ["Unit"] = "hours" }),
                ExecutionBenchmark.Activity("after", "SetProperty", new JsonObject { ["PropertyName"] = "fired", ["Expression"] = "true", ["endedOutcomes"] = "Done" })),
            ["transitions"] = new JsonArray(
                new JsonObject { ["sourceId"] = "start", ["outcome"] = "Done", ["destinationId"] = "deadline" },
                new JsonObject { ["sourceId"] = "deadline", ["outcome"] = "Elapsed", ["destinationId"] = "after" }),
        });

        // One real instance is the template; the others are copies with their own ids and due times.
        var now = clock.GetUtcNow().UtcDateTime;
        WorkflowInstance template;
        await using (var scope = services.CreateAsyncScope())
        {
            template = await scope.ServiceProvider.GetRequiredService<IWorkflowExecutor>().StartAsync(TypeId,
                new JsonObject { ["due"] = now.AddYears(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) });
        }

        if (template.Status != WorkflowStatus.Waiting)
        {
            throw new InvalidOperationException($"Template instance is {template.Status}: {template.FaultMessage}");
        }

        Console.WriteLine($"(b) sweep: seeding {waiting:N0} instances waiting on a Deadline ({dueCount:N0} due in 1 h, the rest in 1–30 days)…");
        var seeding = Stopwatch.StartNew();
        for (var start = 0; start < waiting; start += Batch)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(waiting, start + Batch); i++)
            {
                var due = i < dueCount ? now.AddHours(1).AddMilliseconds(i) : now.AddDays(1 + (i % 30)).AddSeconds(i);
                AddCopy(db, template, i, due, now);
            }

            await db.SaveChangesAsync();
            if ((start + Batch) % 20_000 == 0 || start + Batch >= waiting)
            {
                Console.WriteLine($"    {Math.Min(waiting, start + Batch),9:N0} seeded, {seeding.Elapsed.TotalSeconds,6:0.0} s");
            }
        }

        seeding.Stop();
        Console.WriteLine($"    seeding took {seeding.Elapsed.TotalSeconds:0.0} s ({waiting / seeding.Elapsed.TotalSeconds:N0} instances/s, instance JSON + blocking index row each)");

        var idle = new List<double>();
        for (var run = 0; run < 21; run++)
        {
            var watch = Stopwatch.StartNew();
            var fired = await SweepAsync(services);
            watch.Stop();
            if (fired != 0)
            {
                throw new InvalidOperationException($"Idle sweep fired {fired}.");
            }

            if (run > 0)
            {
                idle.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        Console.WriteLine($"    RunDueAsync with {waiting + 1:N0} waiting, nothing due (20 runs): {Stats.Describe(idle)}");

        clock.Offset = TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5);
        var dueWatch = Stopwatch.StartNew();
        var firedDue = await SweepAsync(services);
        dueWatch.Stop();
        if (firedDue != dueCount)
        {
            throw new InvalidOperationException($"Expected {dueCount} to fire, {firedDue} did.");
        }

        Console.WriteLine($"    RunDueAsync with {dueCount:N0} due among {waiting + 1:N0}: fired {firedDue:N0} in {dueWatch.Elapsed.TotalMilliseconds:N0} ms " +
            $"({dueWatch.Elapsed.TotalMilliseconds / Math.Max(1, firedDue):0.00} ms per instance: lease, load, resume, save, release)");

        var after = new List<double>();
        for (var run = 0; run < 20; run++)
        {
            var watch = Stopwatch.StartNew();
            await SweepAsync(services);
            after.Add(watch.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"    RunDueAsync afterwards, nothing due (20 runs): {Stats.Describe(after)}");
    }

    private static async Task<int> SweepAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IWorkflowManager>().RunDueAsync();
    }

    private static void AddCopy(DbContext db, WorkflowInstance template, int index, DateTime dueUtc, DateTime now)
    {
        var blocking = template.Blockings[0];
        var id = $"bench{index:D8}{Guid.NewGuid():N}"[..32];
        var blockingId = Guid.NewGuid().ToString("N");
        var correlation = $"case-{index}";
        var copy = new WorkflowInstance
        {
            Id = id,
            WorkflowTypeId = template.WorkflowTypeId,
            WorkflowTypeVersion = template.WorkflowTypeVersion,
            CorrelationId = correlation,
            Status = WorkflowStatus.Waiting,
            Properties = new JsonObject { ["deadline"] = dueUtc.ToString("O", CultureInfo.InvariantCulture) },
            Input = new JsonObject { ["due"] = dueUtc.ToString("O", CultureInfo.InvariantCulture) },
            Blockings =
            [
                new WorkflowBlocking { Id = blockingId, ActivityId = blocking.ActivityId, ActivityType = blocking.ActivityType, DueUtc = dueUtc, CreatedUtc = now },
            ],
            History = template.History,
            CreatedUtc = now,
            ModifiedUtc = now,
        };
        db.Add(new WorkflowInstanceRecord
        {
            Id = id,
            WorkflowTypeId = copy.WorkflowTypeId,
            WorkflowTypeVersion = copy.WorkflowTypeVersion,
            CorrelationId = correlation,
            Status = WorkflowStatus.Waiting,
            OrgPath = "",
            Json = JsonSerializer.Serialize(copy, GrassrootsJson.Options),
            CreatedUtc = now,
            ModifiedUtc = now,
        });
        db.Add(new WorkflowBlockingRecord
        {
            Id = blockingId,
            InstanceId = id,
            WorkflowTypeId = copy.WorkflowTypeId,
            ActivityId = blocking.ActivityId,
            ActivityType = blocking.ActivityType,
            CorrelationId = correlation,
            ContentItemId = correlation,
            DueUtc = dueUtc,
            CreatedUtc = now,
        });
    }
}

internal static class Machine
{
    public static string Describe()
    {
        var cpu = "";
        var memory = "";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
            var total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (total is not null)
            {
                var kb = long.Parse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                memory = $"{kb / 1024.0 / 1024.0:0.0} GiB RAM";
            }
        }
        catch (IOException)
        {
        }

        return $"{Environment.ProcessorCount} logical cores{(cpu.Length > 0 ? $" ({cpu})" : "")}, {memory}";
    }
}

/// <summary>A fresh SQLite file in a temp folder, or a fresh database on the PostgreSQL server; removed afterwards.</summary>
internal sealed class BenchmarkDatabase : IAsyncDisposable
{
    /// <summary>The platform host on this database: setup recipe, warnings only, background sweep out of the way.</summary>
    public WebApplicationBuilder CreateHostBuilder() => WebApplication.CreateBuilder(new WebApplicationOptions
    {
        ContentRootPath = AppContext.BaseDirectory,
        Args =
        [
            $"--Grassroots:DataPath={DataPath}",
            $"--Database:Provider={(IsPostgres ? "Postgres" : "Sqlite")}",
            $"--ConnectionStrings:Default={ConnectionString ?? ""}",
            "--Setup:AdminUserName=admin",
            "--Setup:AdminPassword=Bench-Admin-2026-pw",
            "--Workflows:SweepInterval=1.00:00:00",
            "--Logging:LogLevel:Default=Warning",
            "--urls=http://127.0.0.1:0",
        ],
    });

    private readonly string? admin;
    private readonly string? name;

    private BenchmarkDatabase(string dataPath, string? connectionString, string? admin, string? name, bool keep = false)
    {
        DataPath = dataPath;
        ConnectionString = connectionString;
        this.admin = admin;
        this.name = name;
        Keep = keep;
    }

    /// <summary>A named database kept after the run (<c>--keep</c>): reused when it exists, never dropped or deleted.</summary>
    public bool Keep { get; }

    public string DataPath { get; }

    public string? ConnectionString { get; }

    public bool IsPostgres => admin is not null;

    /// <param name="postgres">PostgreSQL server connection string, or null for a SQLite file.</param>
    /// <param name="keep">
    /// A name for a database that outlives the run (SQLite: directory /tmp/grassroots-bench/keep-{keep}; PostgreSQL:
    /// database gr_bench_keep_{keep}); an existing one is reused as it is. Null: a fresh database, removed at the end.
    /// </param>
    public static async Task<BenchmarkDatabase> CreateAsync(string? postgres, string? keep = null)
    {
        if (keep is not null && (keep.Length == 0 || !keep.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            throw new ArgumentException("--keep takes a name of ASCII letters, digits and underscores.");
        }

        var dataPath = Path.Combine(Path.GetTempPath(), "grassroots-bench", keep is null ? Guid.NewGuid().ToString("N") : "keep-" + keep + (postgres is null ? "" : "-pg"));
        Directory.CreateDirectory(dataPath);
        if (postgres is null)
        {
            return new BenchmarkDatabase(dataPath, null, null, null, keep is not null);
        }

        var name = keep is null ? "gr_bench_" + Guid.NewGuid().ToString("N")[..12] : "gr_bench_keep_" + keep.ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(postgres))
        {
            await connection.OpenAsync();
            var exists = false;
            if (keep is not null)
            {
                await using var check = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", connection);
                check.Parameters.AddWithValue("n", name);
                exists = await check.ExecuteScalarAsync() is not null;
            }

            if (!exists)
            {
                await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0", connection);
                await command.ExecuteNonQueryAsync();
            }
        }

        return new BenchmarkDatabase(dataPath, new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString, postgres, name, keep is not null);
    }

    public string Describe()
    {
        if (!IsPostgres)
        {
            return $"SQLite (file {Path.Combine(DataPath, "grassroots.db")}, Microsoft.Data.Sqlite)";
        }

        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL at {builder.Host}:{builder.Port}, database {name}";
    }

    public async Task<string> SizeAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        var instances = await db.Set<WorkflowInstanceRecord>().CountAsync();
        var blockings = await db.Set<WorkflowBlockingRecord>().CountAsync();
        string size;
        if (IsPostgres)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
            size = $"{Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) / 1024.0 / 1024.0:0.0} MiB database";
        }
        else
        {
            var bytes = Directory.EnumerateFiles(DataPath, "grassroots.db*").Sum(f => new FileInfo(f).Length);
            size = $"{bytes / 1024.0 / 1024.0:0.0} MiB SQLite file (with WAL)";
        }

        return $"{instances:N0} workflow instances, {blockings:N0} blocking index rows, {size}";
    }

    public async ValueTask DisposeAsync()
    {
        if (Keep)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            return;
        }

        if (admin is not null && name is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
