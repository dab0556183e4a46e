using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.ServiceRequests.Models;

/// <summary>The service network, authority catalogue, request state and event tables.</summary>
internal sealed class ServiceRequestsModel : IModelConfiguration
{
    internal const string OverdueIndex = "IX_ServiceRequests_Overdue";
    internal const string OverdueFilter = "\"IsOverdue\"";
    internal const string KpiTownIndex = "IX_ServiceRequests_Kpi_Town";
    internal const string KpiMonthIndex = "IX_ServiceRequests_Kpi_Month";

    /// <summary>The two leading columns, then the other KPI filter/grouping columns and the columns the aggregates read.</summary>
    internal static string[] KpiColumns(string first, string second) =>
    [
        first, second,
        nameof(ServiceRequestRecord.OrgPath), nameof(ServiceRequestRecord.ItemCode), nameof(ServiceRequestRecord.OfficeCode),
        nameof(ServiceRequestRecord.CurrentPointCode), nameof(ServiceRequestRecord.CompletedUtc), nameof(ServiceRequestRecord.OneVisit),
        nameof(ServiceRequestRecord.CompletedOnTime), nameof(ServiceRequestRecord.FollowUpUtc), nameof(ServiceRequestRecord.Satisfaction),
        nameof(ServiceRequestRecord.HandlingWorkingDays), nameof(ServiceRequestRecord.SupervisedUtc), nameof(ServiceRequestRecord.IsOverdue),
    ];

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
            // 督办: only the few currently overdue rows (partial index; the filter is the same SQL on SQLite and PostgreSQL).
            e.HasIndex(x => new { x.CurrentPointCode, x.DueUtc }, OverdueIndex).HasFilter(OverdueFilter);
            // KPIs: covering indexes (every column the KPI filters, groupings and aggregates read), so SQLite scans a
            // narrow index in group order instead of the wide table rows plus a temporary B-tree for the GROUP BY.
            e.HasIndex(KpiColumns(nameof(ServiceRequestRecord.TownCode), nameof(ServiceRequestRecord.Month)), KpiTownIndex);
            e.HasIndex(KpiColumns(nameof(ServiceRequestRecord.Month), nameof(ServiceRequestRecord.TownCode)), KpiMonthIndex);
            e.HasIndex(x => new { x.OrgPath, x.RegisteredUtc });
            e.HasIndex(x => new { x.Stage, x.DueUtc });
        });
        modelBuilder.Entity<ServiceRequestTracking>(e =>
        {
            e.ToTable("ServiceRequestTracking");
            e.HasKey(x => x.ContentItemId);
            e.Property(x => x.ContentItemId).HasMaxLength(26);
            e.Property(x => x.SecretHash).HasMaxLength(64);
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
