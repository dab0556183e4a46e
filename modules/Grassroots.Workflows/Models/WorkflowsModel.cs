using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Workflows.Models;

/// <summary>Workflow tables in the platform model.</summary>
internal sealed class WorkflowsModel : IModelConfiguration
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WorkflowTypeRecord>(e =>
        {
            e.ToTable("WorkflowTypes");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.ModifiedBy).HasMaxLength(256);
        });
        modelBuilder.Entity<WorkflowTypeVersionRecord>(e =>
        {
            e.ToTable("WorkflowTypeVersions");
            e.Property(x => x.WorkflowTypeId).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.StartActivityTypes).HasMaxLength(500);
            e.Property(x => x.CreatedBy).HasMaxLength(256);
            e.HasIndex(x => new { x.WorkflowTypeId, x.Version }).IsUnique();
        });
        modelBuilder.Entity<WorkflowInstanceRecord>(e =>
        {
            e.ToTable("WorkflowInstances");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(32);
            e.Property(x => x.WorkflowTypeId).HasMaxLength(64);
            e.Property(x => x.CorrelationId).HasMaxLength(64);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.OrgPath).HasMaxLength(200);
            e.Property(x => x.FaultMessage).HasMaxLength(2000);
            e.Property(x => x.LeaseOwner).HasMaxLength(100);
            e.HasIndex(x => new { x.WorkflowTypeId, x.Status });
            e.HasIndex(x => x.CorrelationId);
            e.HasIndex(x => new { x.Status, x.ModifiedUtc });
        });
        modelBuilder.Entity<WorkflowBlockingRecord>(e =>
        {
            e.ToTable("WorkflowBlockings");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(32);
            e.Property(x => x.InstanceId).HasMaxLength(32);
            e.Property(x => x.WorkflowTypeId).HasMaxLength(64);
            e.Property(x => x.ActivityId).HasMaxLength(64);
            e.Property(x => x.ActivityType).HasMaxLength(64);
            e.Property(x => x.CorrelationId).HasMaxLength(64);
            e.Property(x => x.TaskTitle).HasMaxLength(300);
            e.Property(x => x.TaskRole).HasMaxLength(256);
            e.Property(x => x.TaskOrgUnitCode).HasMaxLength(32);
            e.Property(x => x.TaskUserName).HasMaxLength(256);
            e.Property(x => x.ContentItemId).HasMaxLength(64);
            e.HasIndex(x => x.InstanceId);
            e.HasIndex(x => new { x.ActivityType, x.CorrelationId });
            e.HasIndex(x => x.DueUtc);
            e.HasIndex(x => new { x.IsTask, x.TaskOrgUnitCode, x.TaskRole });
            e.HasIndex(x => new { x.IsTask, x.TaskUserName });
            e.Property(x => x.TaskQueue).HasMaxLength(100);
            e.HasIndex(x => new { x.IsTask, x.TaskQueue });
        });
        modelBuilder.Entity<NotificationRecord>(e =>
        {
            e.ToTable("Notifications");
            e.Property(x => x.UserName).HasMaxLength(256);
            e.Property(x => x.Title).HasMaxLength(300);
            e.Property(x => x.Body).HasMaxLength(4000);
            e.Property(x => x.Url).HasMaxLength(500);
            e.Property(x => x.WorkflowInstanceId).HasMaxLength(32);
            e.HasIndex(x => new { x.UserName, x.ReadUtc, x.CreatedUtc });
        });
    }
}
