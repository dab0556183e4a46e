using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Grassroots.Data;

/// <summary>Generates DDL with EF Core's model differ and SQL generator, so SQLite and PostgreSQL get their own dialect.</summary>
internal sealed class SchemaBuilder(GrassrootsDbContext db) : ISchemaBuilder
{
    public DbContext DbContext => db;

    public bool IsPostgres => db.Database.IsNpgsql();

    public async Task CreateTablesForAsync(params Type[] entityTypes)
    {
        var model = db.GetService<IDesignTimeModel>().Model;
        var tables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in entityTypes)
        {
            var entity = model.FindEntityType(type)
                ?? throw new InvalidOperationException($"Entity type {type.FullName} is not in the model; register it with an IModelConfiguration.");
            tables.Add(entity.GetTableName()!);
        }

        var differ = db.GetService<IMigrationsModelDiffer>();
        var operations = differ.GetDifferences(null, model.GetRelationalModel())
            .Where(op => op switch
            {
                CreateTableOperation t => tables.Contains(t.Name),
                CreateIndexOperation i => tables.Contains(i.Table),
                AddForeignKeyOperation f => tables.Contains(f.Table),
                _ => false,
            })
            .ToList();
        await RunAsync(operations);
    }

    public Task ExecuteAsync(Action<MigrationBuilder> build)
    {
        var builder = new MigrationBuilder(db.Database.ProviderName);
        build(builder);
        return RunAsync([.. builder.Operations]);
    }

    public async Task<bool> ColumnExistsAsync(string table, string column)
    {
        var sql = IsPostgres
            ? "SELECT COUNT(*)::int AS \"Value\" FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = {0} AND column_name = {1}"
            : "SELECT COUNT(*) AS \"Value\" FROM pragma_table_info({0}) WHERE name = {1}";
        return (await db.Database.SqlQueryRaw<int>(sql, table, column).ToListAsync()).Single() > 0;
    }

    public async Task<bool> TableExistsAsync(string table)
    {
        var sql = IsPostgres
            ? "SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = {0}"
            : "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {0}";
        return (await db.Database.SqlQueryRaw<int>(sql, table).ToListAsync()).Single() > 0;
    }

    public async Task SqlAsync(string sql, string? postgresSql = null)
        => await ExecuteRawAsync(IsPostgres && postgresSql is not null ? postgresSql : sql);

    private async Task RunAsync(List<MigrationOperation> operations)
    {
        if (operations.Count == 0)
        {
            return;
        }

        var generator = db.GetService<IMigrationsSqlGenerator>();
        var commands = generator.Generate(operations, db.GetService<IDesignTimeModel>().Model);
        foreach (var command in commands)
        {
            await ExecuteRawAsync(command.CommandText);
        }
    }

    private async Task ExecuteRawAsync(string sql)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync();
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await command.ExecuteNonQueryAsync();
    }
}
