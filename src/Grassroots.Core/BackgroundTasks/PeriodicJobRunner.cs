using System.Collections.Concurrent;
using System.Diagnostics;
using Grassroots.Data;
using Grassroots.Modules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.BackgroundTasks;

/// <summary>
/// Runs every registered <see cref="IPeriodicJob"/>, each in a loop of its own on the injected <see cref="TimeProvider"/>
/// (tests advance a fake clock instead of sleeping). A round: skip unless the job's feature is enabled; take the lock
/// <c>job:{name}</c> (<see cref="IDistributedLock"/>: a PostgreSQL advisory lock across nodes, a local one on SQLite);
/// under it read the job's last start in <c>PeriodicJobRuns</c> and run only when a whole interval has passed (or the round
/// is forced: <see cref="IPeriodicJob.RunAtStartup"/>, <see cref="Wake"/>), recording the start, the end and any error.
/// The next round is due one interval after the last start on any node, so nodes converge on one schedule and the job
/// runs once per interval however many nodes there are. Start, end (with duration) and failure are logged; a failure
/// waits for the next interval.
/// </summary>
internal sealed partial class PeriodicJobRunner(
    IServiceProvider services,
    IServiceScopeFactory scopes,
    IDistributedLock locks,
    PeriodicJobLedger ledger,
    TimeProvider clock,
    IOptions<PeriodicJobOptions> options,
    ILogger<PeriodicJobRunner> logger) : BackgroundService, IPeriodicJobScheduler
{
    /// <summary>Task.Delay throws beyond about 49.7 days; longer waits are taken in steps.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(30);

    private readonly ConcurrentDictionary<string, JobState> states = new(StringComparer.Ordinal);

    public void Wake(string jobName)
    {
        if (states.TryGetValue(jobName, out var state))
        {
            state.Wake();
        }
    }

    public PeriodicJobStatus? GetStatus(string jobName) =>
        states.TryGetValue(jobName, out var s) ? new PeriodicJobStatus(Interlocked.Read(ref s.Rounds), Interlocked.Read(ref s.Runs), Interlocked.Read(ref s.Failures)) : null;

    /// <summary>Slack for timers that fire a little early: a hundredth of the interval, at most a second.</summary>
    internal static TimeSpan Tolerance(TimeSpan interval) => TimeSpan.FromTicks(Math.Min(interval.Ticks / 100, TimeSpan.TicksPerSecond));

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var jobs = services.GetServices<IPeriodicJob>().ToList();
        foreach (var job in jobs)
        {
            states.TryAdd(job.Name, new JobState());
        }

        return Task.WhenAll(jobs.Select(job => Task.Run(() => LoopAsync(job, states[job.Name], stoppingToken), CancellationToken.None)));
    }

    private async Task LoopAsync(IPeriodicJob job, JobState state, CancellationToken stoppingToken)
    {
        var next = clock.GetUtcNow().UtcDateTime + job.StartupDelay;
        var force = job.RunAtStartup;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var signal = state.Signal;
                var wait = next - clock.GetUtcNow().UtcDateTime;
                if (wait > TimeSpan.Zero && !signal.IsCompleted)
                {
                    await Task.WhenAny(Task.Delay(wait < MaxWait ? wait : MaxWait, clock, stoppingToken), signal);
                    stoppingToken.ThrowIfCancellationRequested();
                }

                force |= state.TakeWake();
                if (!force && clock.GetUtcNow().UtcDateTime < next)
                {
                    continue;   // a long wait taken in steps
                }

                next = await RoundAsync(job, state, force, stoppingToken);
                force = false;
                Interlocked.Increment(ref state.Rounds);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round; returns when the next is due.</summary>
    private async Task<DateTime> RoundAsync(IPeriodicJob job, JobState state, bool force, CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var interval = job.Interval;
        if (interval <= TimeSpan.Zero)
        {
            return now + MaxWait;   // switched off
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (scope.ServiceProvider.GetService<IFeatureState>() is not { } features || !features.IsTypeEnabled(job.GetType()))
            {
                return now + interval;
            }

            await using var held = await locks.TryAcquireAsync("job:" + job.Name, stoppingToken);
            if (held is null)
            {
                return now + interval;   // another node runs it now
            }

            now = clock.GetUtcNow().UtcDateTime;
            if (!force && await ledger.LastStartedAsync(job.Name, stoppingToken) is { } last && now + Tolerance(interval) < last + interval)
            {
                return last + interval;   // already run in this interval, here or elsewhere
            }

            await ledger.StartedAsync(job.Name, now, options.Value.NodeName, stoppingToken);
            LogStarted(logger, job.Name);
            Interlocked.Increment(ref state.Runs);
            try
            {
                await job.RunAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref state.Failures);
                LogFailed(logger, job.Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex);
                await ledger.FinishedAsync(job.Name, clock.GetUtcNow().UtcDateTime, ex.Message, CancellationToken.None);
                return now + interval;
            }

            await ledger.FinishedAsync(job.Name, clock.GetUtcNow().UtcDateTime, null, CancellationToken.None);
            LogFinished(logger, job.Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return now + interval;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Not set up yet (no table), database away…: the next interval tries again.
            LogRoundFailed(logger, job.Name, ex);
            return now + interval;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Periodic job {Job} started.")]
    private static partial void LogStarted(ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Periodic job {Job} finished in {Milliseconds:0} ms.")]
    private static partial void LogFinished(ILogger logger, string job, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Periodic job {Job} failed after {Milliseconds:0} ms; it runs again at its next interval.")]
    private static partial void LogFailed(ILogger logger, string job, double milliseconds, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Periodic job {Job}: the round could not take place; trying again at the next interval.")]
    private static partial void LogRoundFailed(ILogger logger, string job, Exception exception);

    /// <summary>A job's counters and its wake-up signal on this node.</summary>
    private sealed class JobState
    {
        public long Rounds;
        public long Runs;
        public long Failures;

        private TaskCompletionSource signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Signal => Volatile.Read(ref signal).Task;

        public void Wake() => Volatile.Read(ref signal).TrySetResult();

        /// <summary>True when woken since the last call (and re-arms the signal).</summary>
        public bool TakeWake()
        {
            var current = Volatile.Read(ref signal);
            if (!current.Task.IsCompleted)
            {
                return false;
            }

            Interlocked.CompareExchange(ref signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
            return true;
        }
    }
}
