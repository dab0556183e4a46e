namespace Grassroots.Tests.Infrastructure;

/// <summary>The database a test runs on.</summary>
public enum DatabaseKind
{
    Sqlite,
    Postgres,
}
