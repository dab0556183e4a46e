using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Media;

/// <summary>
/// A row of <c>Attachments</c>: one per stored file. <see cref="ContentItemId"/> is set once, when an item is first saved
/// with the file, and never changes (old versions of that item keep referring to it).
/// </summary>
internal sealed class AttachmentRecord
{
    /// <summary>The <see cref="IAttachmentStore"/> id (32 hex digits).</summary>
    public string Id { get; set; } = "";

    /// <summary>The owning content item, null while unattached.</summary>
    public string? ContentItemId { get; set; }

    /// <summary>User name of the uploader (null for files back-filled from before this table existed).</summary>
    public string? UploadedBy { get; set; }

    public DateTime UploadedUtc { get; set; }

    /// <summary>When the file was bound to <see cref="ContentItemId"/>.</summary>
    public DateTime? AttachedUtc { get; set; }
}

/// <summary>The <c>Attachments</c> table: looked up by id (download, attach), by item, and unattached by age (cleanup).</summary>
internal sealed class AttachmentModelConfiguration : IModelConfiguration
{
    public void Configure(ModelBuilder modelBuilder)
        => modelBuilder.Entity<AttachmentRecord>(e =>
        {
            e.ToTable("Attachments");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(32);
            e.Property(x => x.ContentItemId).HasMaxLength(26);
            e.Property(x => x.UploadedBy).HasMaxLength(256);
            e.HasIndex(x => new { x.ContentItemId, x.UploadedUtc });
        });
}
