namespace Grassroots.Tests.Infrastructure;

/// <summary>Theory data: every test that takes a <see cref="DatabaseKind"/> runs on SQLite and on PostgreSQL.</summary>
public sealed class DatabaseKinds : TheoryData<DatabaseKind>
{
    public DatabaseKinds()
    {
        Add(DatabaseKind.Sqlite);
        Add(DatabaseKind.Postgres);
    }
}
