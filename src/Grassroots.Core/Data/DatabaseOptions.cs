namespace Grassroots.Data;

/// <summary>Which database the platform uses (<c>Database:Provider</c>, <c>ConnectionStrings:Default</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary><c>Sqlite</c> (default: a file <c>grassroots.db</c> in the data folder) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The connection string; for SQLite defaults to the data folder's file.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Provider, "PostgreSQL", StringComparison.OrdinalIgnoreCase);
}
