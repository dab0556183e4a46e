using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Inspections.Models;

/// <summary>The comment table in the platform model.</summary>
internal sealed class InspectionsModel : IModelConfiguration
{
    public void Configure(ModelBuilder modelBuilder)
        => modelBuilder.Entity<InspectionComment>(e =>
        {
            e.ToTable("InspectionComments");
            e.Property(x => x.ContentItemId).HasMaxLength(26);
            e.Property(x => x.OrgUnitCode).HasMaxLength(32);
            e.Property(x => x.OrgPath).HasMaxLength(200);
            e.Property(x => x.UserName).HasMaxLength(256);
            e.Property(x => x.AuthorName).HasMaxLength(100);
            e.Property(x => x.Text).HasMaxLength(2000);
            e.HasIndex(x => new { x.ContentItemId, x.CreatedUtc });
            e.HasIndex(x => new { x.OrgPath, x.CreatedUtc });
        });
}
