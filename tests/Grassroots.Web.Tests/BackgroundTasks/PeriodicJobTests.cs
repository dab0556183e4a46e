using Grassroots.BackgroundTasks;
using Grassroots.Data;
using Grassroots.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Grassroots.Tests.BackgroundTasks;

/// <summary>
/// The one periodic-job runner on a fake clock: every job (workflow sweep, supervision sweep, audit retention, audit
/// anchor, attachment cleanup, outbox dispatch) runs exactly once per interval, with two hosts on one PostgreSQL database
/// (the cluster lock plus the runs table) and with one host on SQLite (the local lock); a failing job runs again at its
/// next interval.
/// </summary>
public sealed class PeriodicJobTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Every job every hour, from start-up (the supervision sweep's first round is one interval after start-up).</summary>
    private static Dictionary<string, string?> Settings(string node) => new()
    {
        ["Jobs:NodeName"] = node,
        ["Workflows:SweepInterval"] = "01:00:00",
        ["ServiceRequests:SupervisionInterval"] = "01:00:00",
        ["AuditTrail:RetentionInterval"] = "01:00:00",
        ["AuditTrail:AnchorInterval"] = "01:00:00",
        ["AuditTrail:StartupDelay"] = "00:00:00",
        ["Attachments:CleanupInterval"] = "01:00:00",
        ["Attachments:CleanupStartupDelay"] = "00:00:00",
        ["Outbox:DispatchInterval"] = "01:00:00",
    };

    private static readonly string[] Jobs =
        ["workflows:sweep", "serviceRequests:supervision", "audit:retention", "audit:anchor", "attachments:cleanup", "outbox:dispatch"];

    [PostgresFact]
    public async Task Two_hosts_on_one_postgres_database_run_each_job_once_per_interval()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var database = await TestDatabase.CreateAsync(DatabaseKind.Postgres);
        var secondDataPath = Path.Combine(Path.GetTempPath(), "grassroots-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var a = new GrassrootsFactory(database, services => services.AddSingleton<TimeProvider>(clock), Settings("node-a"), ownsDatabase: false);
            _ = a.Services;   // set up and started
            var b = Settings("node-b");
            b["Grassroots:DataPath"] = secondDataPath;   // its own index folder and local keys, as on a second machine
            await using var second = new GrassrootsFactory(database, services => services.AddSingleton<TimeProvider>(clock), b, ownsDatabase: false);
            _ = second.Services;
            GrassrootsFactory[] hosts = [a, second];

            await RunIntervalsAsync(clock, hosts, intervals: 3);

            var nodes = (await RunsAsync(a)).Select(r => r.Node).Distinct().ToList();
            Assert.All(nodes, n => Assert.Contains(n, new[] { "node-a", "node-b" }));
        }
        finally
        {
            await database.DisposeAsync();
            if (Directory.Exists(secondDataPath))
            {
                Directory.Delete(secondDataPath, recursive: true);
            }
        }
    }

    [Fact]
    public async Task One_host_on_sqlite_runs_each_job_once_per_interval_and_a_failed_run_comes_again_next_interval()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var flaky = new FlakyJob();
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton(flaky);
            services.AddPeriodicJob<FlakyJob>();
        }, Settings("sqlite-node"));
        _ = factory.Services;

        await RunIntervalsAsync(clock, [factory], intervals: 2, extraJobs: [FlakyJob.JobName]);

        // The flaky job threw on its first run: recorded in the runs table, and it ran again at the next interval.
        Assert.True(flaky.Calls >= 3, $"{flaky.Calls} calls");
        var row = (await RunsAsync(factory)).Single(r => r.Name == FlakyJob.JobName);
        Assert.Null(row.LastError);
        Assert.Equal(flaky.Calls, row.Runs);
        Assert.Equal(1, factory.Services.GetRequiredService<IPeriodicJobScheduler>().GetStatus(FlakyJob.JobName)!.Failures);
        Assert.All(await RunsAsync(factory), r => Assert.Equal("sqlite-node", r.Node));
    }

    /// <summary>
    /// Waits until every host has had a round of every job, then <paramref name="intervals"/> times advances the clock one
    /// interval, waits for every host's round of every job, and checks in the runs table that each job ran exactly once more.
    /// </summary>
    private static async Task RunIntervalsAsync(FakeTimeProvider clock, GrassrootsFactory[] hosts, int intervals, string[]? extraJobs = null)
    {
        string[] jobs = [.. Jobs, .. extraJobs ?? []];
        await RoundsAsync(hosts, jobs.Where(j => j != "serviceRequests:supervision").ToArray(), Baseline(hosts, jobs));
        for (var i = 0; i < intervals; i++)
        {
            var before = (await RunsAsync(hosts[0])).ToDictionary(r => r.Name, r => r.Runs);
            var rounds = Baseline(hosts, jobs);
            clock.Advance(Interval);
            await RoundsAsync(hosts, jobs, rounds, atLeast: 1);
            var after = (await RunsAsync(hosts[0])).ToDictionary(r => r.Name, r => r.Runs);
            foreach (var job in jobs)
            {
                Assert.True(after.ContainsKey(job), $"{job} never ran");
                Assert.True(before.GetValueOrDefault(job) + 1 == after[job],
                    $"Interval {i + 1}: {job} ran {after[job] - before.GetValueOrDefault(job)} times instead of once.");
            }
        }
    }

    private static Dictionary<(int Host, string Job), long> Baseline(GrassrootsFactory[] hosts, string[] jobs)
    {
        var rounds = new Dictionary<(int, string), long>();
        for (var h = 0; h < hosts.Length; h++)
        {
            foreach (var job in jobs)
            {
                rounds[(h, job)] = hosts[h].Services.GetRequiredService<IPeriodicJobScheduler>().GetStatus(job)?.Rounds ?? 0;
            }
        }

        return rounds;
    }

    /// <summary>Waits until every host has finished more rounds of each job than in <paramref name="from"/> (or at least one).</summary>
    private static async Task RoundsAsync(GrassrootsFactory[] hosts, string[] jobs, Dictionary<(int Host, string Job), long> from, int atLeast = 0)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        for (var h = 0; h < hosts.Length; h++)
        {
            var scheduler = hosts[h].Services.GetRequiredService<IPeriodicJobScheduler>();
            foreach (var job in jobs)
            {
                var wanted = atLeast == 0 ? 1 : from[(h, job)] + atLeast;
                while ((scheduler.GetStatus(job)?.Rounds ?? 0) < wanted)
                {
                    Assert.True(DateTime.UtcNow < until, $"Host {h} did not finish a round of {job}.");
                    await Task.Delay(20);
                }
            }
        }
    }

    private static async Task<List<PeriodicJobRun>> RunsAsync(GrassrootsFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GrassrootsDbContext>().Set<PeriodicJobRun>().AsNoTracking().ToListAsync();
    }

    /// <summary>A job of no module (so always enabled) that throws on its first run.</summary>
    private sealed class FlakyJob : IPeriodicJob
    {
        public const string JobName = "tests:flaky";

        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public string Name => JobName;

        public TimeSpan Interval => TimeSpan.FromHours(1);

        public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("first run fails") : Task.CompletedTask;
    }
}
