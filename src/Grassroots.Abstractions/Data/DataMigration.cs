namespace Grassroots.Data;

/// <summary>
/// A feature's schema history, in Orchard Core's shape: <c>CreateAsync()</c> builds the schema from nothing and returns
/// the version it reaches; <c>UpdateFromNAsync()</c> moves from version N and returns the next. The runner stores the
/// version per migration class and calls what is missing, each step in its own transaction.
/// </summary>
public abstract class DataMigration
{
    /// <summary>Set by the runner before each step.</summary>
    public ISchemaBuilder SchemaBuilder { get; set; } = null!;

    public abstract Task<int> CreateAsync();
}
