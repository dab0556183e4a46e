using Grassroots.ContentManagement;
using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Search.Lucene.Models;

/// <summary>An index definition (dashboard or recipe step <c>lucene-index</c>).</summary>
public sealed class SearchIndexRecord
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary><c>smartcn</c> (default) or <c>standard</c>.</summary>
    public string Analyzer { get; set; } = SearchAnalyzers.SmartCn;

    /// <summary>Comma-separated content type names; empty means all types.</summary>
    public string ContentTypes { get; set; } = "";

    /// <summary><c>published</c> or <c>latest</c>.</summary>
    public string Versions { get; set; } = SearchVersions.Published;

    public DateTime CreatedUtc { get; set; }

    public IReadOnlyList<string> TypeList => ContentTypes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public static class SearchAnalyzers
{
    public const string SmartCn = "smartcn";
    public const string Standard = "standard";
}

public static class SearchVersions
{
    public const string Published = "published";
    public const string Latest = "latest";
}

/// <summary>
/// One row per committed content change, written by the content manager in the same transaction as the document (it
/// is an index table of the version row). Every node applies rows past its own cursor; the id only grows.
/// </summary>
public sealed class IndexingTask : ContentIndex
{
    public string ContentItemId { get; set; } = "";

    public DateTime CreatedUtc { get; set; }
}

internal sealed class SearchModel : IModelConfiguration
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SearchIndexRecord>(e =>
        {
            e.ToTable("SearchIndexes");
            e.Property(x => x.Name).HasMaxLength(64);
            e.Property(x => x.Analyzer).HasMaxLength(20);
            e.Property(x => x.ContentTypes).HasMaxLength(2000);
            e.Property(x => x.Versions).HasMaxLength(20);
            e.Ignore(x => x.TypeList);
            e.HasIndex(x => x.Name).IsUnique();
        });
        modelBuilder.Entity<IndexingTask>(e =>
        {
            e.ToTable("IndexingTasks");
            e.Property(x => x.ContentItemId).HasMaxLength(26);
            e.HasIndex(x => x.DocumentId);
            e.HasIndex(x => x.ContentItemId);
        });
    }
}
