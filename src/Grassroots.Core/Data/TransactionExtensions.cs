using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Grassroots.Data;

/// <summary>Begins a transaction, or joins the one already open (a recipe step wraps everything it calls).</summary>
internal static class TransactionExtensions
{
    public static async Task<OwnedTransaction> BeginOrJoinTransactionAsync(this DatabaseFacade database, CancellationToken cancellationToken = default)
        => database.CurrentTransaction is not null
            ? new OwnedTransaction(null)
            : new OwnedTransaction(await database.BeginTransactionAsync(cancellationToken));
}

/// <summary>Commits and disposes only a transaction it began.</summary>
internal sealed class OwnedTransaction(IDbContextTransaction? transaction) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken cancellationToken = default)
        => transaction?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => transaction?.DisposeAsync() ?? ValueTask.CompletedTask;
}
