using System.Reflection;
using Grassroots.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grassroots.Data;

/// <summary>Brings each enabled feature's schema up to date, one migration step per transaction.</summary>
internal sealed partial class DataMigrationRunner(
    GrassrootsDbContext db,
    IServiceProvider services,
    ModuleCatalog catalog,
    TimeProvider clock,
    ILogger<DataMigrationRunner> logger)
{
    /// <summary>Creates the table that records migration versions, when it does not exist yet.</summary>
    public async Task EnsureMigrationTableAsync(CancellationToken cancellationToken)
    {
        if (!await TableExistsAsync("DataMigrations", cancellationToken))
        {
            await new SchemaBuilder(db).CreateTablesForAsync(typeof(DataMigrationRecord));
        }
    }

    public async Task<bool> TableExistsAsync(string table, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction is { } t ? Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(t) : null;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@name";
        parameter.Value = table;
        command.Parameters.Add(parameter);
        command.CommandText = db.Database.IsNpgsql()
            ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @name"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name";
        var count = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        return count > 0;
    }

    /// <summary>Runs the pending steps of the migrations that belong to <paramref name="featureIds"/>, in feature order.</summary>
    public async Task RunAsync(IEnumerable<string> featureIds, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<string>(featureIds, StringComparer.OrdinalIgnoreCase);
        var migrations = services.GetServices<DataMigration>()
            .Select(m => (Migration: m, Feature: catalog.FeatureOf(m.GetType())))
            .Where(x => x.Feature is not null && wanted.Contains(x.Feature))
            .OrderBy(x => catalog.Get(x.Feature!)!.Priority)
            .ToList();

        foreach (var (migration, feature) in migrations)
        {
            await RunOneAsync(migration, feature!, cancellationToken);
        }
    }

    private async Task RunOneAsync(DataMigration migration, string feature, CancellationToken cancellationToken)
    {
        var name = migration.GetType().FullName!;
        var record = await db.DataMigrations.AsNoTracking().FirstOrDefaultAsync(r => r.Name == name, cancellationToken);
        var version = record?.Version ?? 0;
        while (true)
        {
            MethodInfo? method = version == 0
                ? migration.GetType().GetMethod(nameof(DataMigration.CreateAsync), Type.EmptyTypes)
                : migration.GetType().GetMethod($"UpdateFrom{version}Async", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
            if (method is null)
            {
                return;
            }

            await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
            migration.SchemaBuilder = new SchemaBuilder(db);
            var next = await (Task<int>)method.Invoke(migration, null)!;
            if (next <= version)
            {
                throw new InvalidOperationException($"数据迁移 {name} 从版本 {version} 返回了 {next}，版本号必须递增。");
            }

            var row = await db.DataMigrations.FirstOrDefaultAsync(r => r.Name == name, cancellationToken);
            if (row is null)
            {
                db.DataMigrations.Add(new DataMigrationRecord { Name = name, Version = next, ModifiedUtc = clock.GetUtcNow().UtcDateTime });
            }
            else
            {
                row.Version = next;
                row.ModifiedUtc = clock.GetUtcNow().UtcDateTime;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            LogMigrated(logger, name, feature, version, next);
            version = next;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Data migration {Migration} ({Feature}) moved from version {From} to {To}.")]
    private static partial void LogMigrated(ILogger logger, string migration, string feature, int from, int to);
}
