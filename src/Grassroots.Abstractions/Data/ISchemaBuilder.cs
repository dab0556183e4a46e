using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Grassroots.Data;

/// <summary>Writes schema changes as provider-correct SQL (SQLite or PostgreSQL) from EF Core's own DDL generator.</summary>
public interface ISchemaBuilder
{
    /// <summary>The platform database context, inside the migration step's transaction.</summary>
    DbContext DbContext { get; }

    bool IsPostgres { get; }

    /// <summary>Creates the tables (with keys and indexes) that the EF model maps for these entity types.</summary>
    Task CreateTablesForAsync(params Type[] entityTypes);

    /// <summary>Runs EF migration operations (add column, create index, …) translated for the current provider.</summary>
    Task ExecuteAsync(Action<MigrationBuilder> build);

    /// <summary>Whether a column exists (tables are created from the current model, so an added column may already be there).</summary>
    Task<bool> ColumnExistsAsync(string table, string column);

    /// <summary>Whether a table exists (for a table that moved from one module's migrations to another's).</summary>
    Task<bool> TableExistsAsync(string table);

    /// <summary>Runs raw SQL; pass the PostgreSQL variant when the dialects differ.</summary>
    Task SqlAsync(string sql, string? postgresSql = null);
}
