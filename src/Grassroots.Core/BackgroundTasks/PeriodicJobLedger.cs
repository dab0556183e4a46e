using Grassroots.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.BackgroundTasks;

/// <summary>Reads and writes <c>PeriodicJobRuns</c>, each call in a scope (and database context) of its own.</summary>
internal sealed class PeriodicJobLedger(IServiceScopeFactory scopes)
{
    /// <summary>When the job last started on any node, or null when it never ran.</summary>
    public async Task<DateTime?> LastStartedAsync(string name, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await Db(scope).Set<PeriodicJobRun>().AsNoTracking().Where(r => r.Name == name)
            .Select(r => (DateTime?)r.LastStartedUtc).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Records that <paramref name="node"/> starts the job now.</summary>
    public async Task StartedAsync(string name, DateTime startedUtc, string node, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var row = await db.Set<PeriodicJobRun>().FirstOrDefaultAsync(r => r.Name == name, cancellationToken);
        if (row is null)
        {
            row = new PeriodicJobRun { Name = name };
            db.Add(row);
        }

        row.LastStartedUtc = startedUtc;
        row.LastFinishedUtc = null;
        row.Node = node.Length > 200 ? node[..200] : node;
        row.Runs++;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Records the end of the run, with its error message when it failed.</summary>
    public async Task FinishedAsync(string name, DateTime finishedUtc, string? error, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var message = error is { Length: > 2000 } ? error[..2000] : error;
        await Db(scope).Set<PeriodicJobRun>().Where(r => r.Name == name)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastFinishedUtc, finishedUtc).SetProperty(r => r.LastError, message), cancellationToken);
    }

    private static GrassrootsDbContext Db(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<GrassrootsDbContext>();
}
