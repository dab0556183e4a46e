using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.ServiceRequests.Models;

/// <summary>The service network, authority catalogue, request state and event tables.</summary>
internal sealed class ServiceRequestsModel : IModelConfiguration
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ServicePoint>(e =>
        {
            e.ToTable("ServicePoints");
            e.Property(x => x.Code).HasMaxLength(40);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.OrgUnitCode).HasMaxLength(32);
            e.Property(x => x.OrgPath).HasMaxLength(200);
            e.Property(x => x.ParentCode).HasMaxLength(40);
            e.Property(x => x.Department).HasMaxLength(100);
            e.Property(x => x.Phone).HasMaxLength(40);
            e.Property(x => x.Address).HasMaxLength(200);
            e.Property(x => x.Hours).HasMaxLength(200);
            e.HasIndex(x => x.Code).IsUnique();
            e.HasIndex(x => new { x.OrgPath, x.Kind });
            e.HasIndex(x => x.ParentCode);
        });
        modelBuilder.Entity<ServiceAuthority>(e =>
        {
            e.ToTable("ServiceAuthorities");
            e.Property(x => x.PointCode).HasMaxLength(40);
            e.Property(x => x.ItemCode).HasMaxLength(50);
            e.HasIndex(x => new { x.PointCode, x.ItemCode }).IsUnique();
            e.HasIndex(x => x.ItemCode);
        });
        modelBuilder.Entity<ServicePointStaff>(e =>
        {
            e.ToTable("ServicePointStaff");
            e.Property(x => x.PointCode).HasMaxLength(40);
            e.Property(x => x.UserName).HasMaxLength(256);
            e.HasIndex(x => new { x.PointCode, x.UserName }).IsUnique();
            e.HasIndex(x => x.UserName);
        });
        modelBuilder.Entity<ServiceRequestRecord>(e =>
        {
            e.ToTable("ServiceRequests");
            e.HasKey(x => x.ContentItemId);
            e.Property(x => x.ContentItemId).HasMaxLength(26);
            e.Property(x => x.ReceiptCode).HasMaxLength(20);
            e.Property(x => x.ItemCode).HasMaxLength(50);
            e.Property(x => x.ItemName).HasMaxLength(200);
            e.Property(x => x.GuideContentItemId).HasMaxLength(26);
            e.Property(x => x.RegisteredPointCode).HasMaxLength(40);
            e.Property(x => x.CurrentPointCode).HasMaxLength(40);
            e.Property(x => x.CurrentOrgPath).HasMaxLength(200);
            e.Property(x => x.DispatchPointCode).HasMaxLength(40);
            e.Property(x => x.OfficeCode).HasMaxLength(40);
            e.Property(x => x.TownCode).HasMaxLength(32);
            e.Property(x => x.OrgUnitCode).HasMaxLength(32);
            e.Property(x => x.OrgPath).HasMaxLength(200);
            e.Property(x => x.Month).HasMaxLength(7);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.ReceiptCode).IsUnique();
            e.HasIndex(x => new { x.CurrentPointCode, x.Stage, x.DueUtc });
            e.HasIndex(x => new { x.CurrentOrgPath, x.Stage });
            e.HasIndex(x => new { x.IsOverdue, x.CurrentOrgPath });
            e.HasIndex(x => new { x.Month, x.TownCode });
            e.HasIndex(x => new { x.OrgPath, x.RegisteredUtc });
            e.HasIndex(x => new { x.Stage, x.DueUtc });
        });
        modelBuilder.Entity<ServiceRequestEvent>(e =>
        {
            e.ToTable("ServiceRequestEvents");
            e.Property(x => x.ContentItemId).HasMaxLength(26);
            e.Property(x => x.Kind).HasMaxLength(40);
            e.Property(x => x.UserName).HasMaxLength(256);
            e.Property(x => x.PointCode).HasMaxLength(40);
            e.Property(x => x.Reason).HasMaxLength(2000);
            e.HasIndex(x => new { x.ContentItemId, x.Id });
            e.HasIndex(x => new { x.Kind, x.AtUtc });
        });
    }
}

/// <summary>Schema of the service-request feature.</summary>
internal sealed class ServiceRequestsMigrations : DataMigration
{
    public override async Task<int> CreateAsync()
    {
        await SchemaBuilder.CreateTablesForAsync(typeof(ServicePoint), typeof(ServiceAuthority), typeof(ServicePointStaff),
            typeof(ServiceRequestRecord), typeof(ServiceRequestEvent));
        return 1;
    }
}
