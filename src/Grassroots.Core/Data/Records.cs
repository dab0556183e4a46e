namespace Grassroots.Data;

/// <summary>A feature's stored state.</summary>
public sealed class FeatureRecord
{
    public string Id { get; set; } = "";
    public bool Enabled { get; set; }
    public DateTime ModifiedUtc { get; set; }
}

/// <summary>The schema version a data migration class has reached.</summary>
public sealed class DataMigrationRecord
{
    public string Name { get; set; } = "";
    public int Version { get; set; }
    public DateTime ModifiedUtc { get; set; }
}

/// <summary>A content type or part definition as JSON.</summary>
public sealed class ContentDefinitionRecord
{
    /// <summary><c>Type</c> or <c>Part</c>.</summary>
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string Json { get; set; } = "{}";
    public DateTime ModifiedUtc { get; set; }
}

/// <summary>A named settings document (site settings, signing keys, …).</summary>
public sealed class SiteSettingRecord
{
    public string Name { get; set; } = "";
    public string Json { get; set; } = "{}";
    public DateTime ModifiedUtc { get; set; }
}

/// <summary>A recipe execution, for history and idempotency checks.</summary>
public sealed class RecipeRunRecord
{
    public long Id { get; set; }
    public string RecipeName { get; set; } = "";
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public bool Succeeded { get; set; }
    public string? Error { get; set; }
    public string? RunBy { get; set; }
    public DateTime StartedUtc { get; set; }
    public DateTime FinishedUtc { get; set; }
}

/// <summary>An ASP.NET Core data-protection key, kept in the database so every node shares it.</summary>
public sealed class DataProtectionKeyRecord
{
    public long Id { get; set; }
    public string FriendlyName { get; set; } = "";
    public string Xml { get; set; } = "";
}
