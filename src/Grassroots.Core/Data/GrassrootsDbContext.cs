using Grassroots.Audit;
using Grassroots.ContentManagement;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Grassroots.Data;

/// <summary>The platform database: core tables, identity, and what features contribute through <see cref="IModelConfiguration"/>.</summary>
public sealed class GrassrootsDbContext(DbContextOptions<GrassrootsDbContext> options, IEnumerable<IModelConfiguration> configurations)
    : IdentityDbContext<GrassrootsUser, GrassrootsRole, string>(options)
{
    public DbSet<FeatureRecord> Features => Set<FeatureRecord>();
    public DbSet<DataMigrationRecord> DataMigrations => Set<DataMigrationRecord>();
    public DbSet<ContentDefinitionRecord> ContentDefinitions => Set<ContentDefinitionRecord>();
    public DbSet<SiteSettingRecord> SiteSettings => Set<SiteSettingRecord>();
    public DbSet<RecipeRunRecord> RecipeRuns => Set<RecipeRunRecord>();
    public DbSet<DataProtectionKeyRecord> DataProtectionKeys => Set<DataProtectionKeyRecord>();
    public DbSet<ContentItemRecord> ContentItems => Set<ContentItemRecord>();
    public DbSet<ContentFieldIndex> ContentFieldIndexes => Set<ContentFieldIndex>();
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<FeatureRecord>(e =>
        {
            e.ToTable("Features");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(200);
        });
        builder.Entity<DataMigrationRecord>(e =>
        {
            e.ToTable("DataMigrations");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(300);
        });
        builder.Entity<ContentDefinitionRecord>(e =>
        {
            e.ToTable("ContentDefinitions");
            e.HasKey(x => new { x.Kind, x.Name });
            e.Property(x => x.Kind).HasMaxLength(10);
            e.Property(x => x.Name).HasMaxLength(100);
        });
        builder.Entity<SiteSettingRecord>(e =>
        {
            e.ToTable("SiteSettings");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(200);
        });
        builder.Entity<RecipeRunRecord>(e =>
        {
            e.ToTable("RecipeRuns");
            e.Property(x => x.RecipeName).HasMaxLength(200);
            e.Property(x => x.FileName).HasMaxLength(500);
            e.Property(x => x.Sha256).HasMaxLength(64);
        });
        builder.Entity<DataProtectionKeyRecord>(e => e.ToTable("DataProtectionKeys"));
        builder.Entity<ContentItemRecord>(e =>
        {
            e.ToTable("ContentItems");
            e.Property(x => x.ContentItemId).HasMaxLength(26);
            e.Property(x => x.ContentItemVersionId).HasMaxLength(26);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.Property(x => x.DisplayText).HasMaxLength(500);
            e.Property(x => x.OrgUnitCode).HasMaxLength(32);
            e.Property(x => x.OrgPath).HasMaxLength(200);
            e.Property(x => x.ConcurrencyStamp).HasMaxLength(40).IsConcurrencyToken();
            e.Property(x => x.Owner).HasMaxLength(256);
            e.Property(x => x.Author).HasMaxLength(256);
            e.HasIndex(x => x.ContentItemVersionId).IsUnique();
            e.HasIndex(x => new { x.ContentItemId, x.Latest });
            e.HasIndex(x => new { x.ContentType, x.Latest, x.Deleted, x.OrgPath });
            e.HasIndex(x => new { x.OrgPath, x.Latest });
            e.HasIndex(x => x.ModifiedUtc);
        });
        builder.Entity<ContentFieldIndex>(e =>
        {
            e.ToTable("ContentFieldIndex");
            e.Property(x => x.ContentItemId).HasMaxLength(26);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.Property(x => x.PartName).HasMaxLength(100);
            e.Property(x => x.FieldName).HasMaxLength(100);
            e.Property(x => x.Text).HasMaxLength(1000);
            e.HasIndex(x => x.DocumentId);
            e.HasIndex(x => new { x.ContentType, x.PartName, x.FieldName, x.Text });
            e.HasIndex(x => new { x.ContentType, x.PartName, x.FieldName, x.Number });
        });
        builder.Entity<OrgUnit>(e =>
        {
            e.ToTable("OrgUnits");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.ParentCode).HasMaxLength(32);
            e.Property(x => x.Path).HasMaxLength(200);
            e.HasIndex(x => x.ParentCode);
            e.HasIndex(x => x.Path);
        });
        builder.Entity<AuditEntryRecord>(e =>
        {
            e.ToTable("AuditEntries");
            e.HasIndex(x => x.Sequence).IsUnique();
            e.HasIndex(x => x.CreatedUtc);
            e.HasIndex(x => new { x.ContentItemId, x.Sequence });
            e.HasIndex(x => new { x.UserName, x.Sequence });
            e.Property(x => x.Category).HasMaxLength(40);
            e.Property(x => x.Action).HasMaxLength(80);
            e.Property(x => x.Summary).HasMaxLength(1000);
            e.Property(x => x.UserName).HasMaxLength(256);
            e.Property(x => x.UserId).HasMaxLength(64);
            e.Property(x => x.ClientAddress).HasMaxLength(64);
            e.Property(x => x.ContentItemId).HasMaxLength(26);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.Property(x => x.OrgUnitCode).HasMaxLength(32);
            e.Property(x => x.PreviousHash).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.Property(x => x.Mac).HasMaxLength(64);
        });
        builder.Entity<SensitiveRevealRecord>(e =>
        {
            e.ToTable("SensitiveReveals");
            e.HasIndex(x => new { x.UserId, x.ContentItemId, x.ExpiresUtc });
            e.Property(x => x.UserId).HasMaxLength(64);
            e.Property(x => x.ContentItemId).HasMaxLength(26);
            e.Property(x => x.Reason).HasMaxLength(500);
        });
        builder.Entity<GrassrootsUser>(e =>
        {
            e.Property(x => x.DisplayName).HasMaxLength(100);
            e.Property(x => x.OrgUnitCode).HasMaxLength(32);
            e.Property(x => x.Culture).HasMaxLength(10);
        });
        builder.Entity<GrassrootsRole>(e =>
        {
            e.Property(x => x.DisplayName).HasMaxLength(100);
            e.Property(x => x.Description).HasMaxLength(500);
        });

        foreach (var configuration in configurations)
        {
            configuration.Configure(builder);
        }
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : (v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc)),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : (v.Value.Kind == DateTimeKind.Utc ? v : (v.Value.Kind == DateTimeKind.Local ? v.Value.ToUniversalTime() : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc))),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}
