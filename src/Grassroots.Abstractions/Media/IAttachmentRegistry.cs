namespace Grassroots.Media;

/// <summary>
/// Who owns each stored attachment (附件归属): the uploader, and the content item it was bound to when an item was first
/// saved with it. Every upload goes through <see cref="UploadAsync"/>; the content manager binds the files of an
/// attachment field to the item in the save's transaction, so modules that save items with attachments (诉求登记, …) need
/// nothing more. An upload no item has claimed is visible only to its uploader and is removed after
/// <c>Attachments:UnattachedLifetime</c> (a day).
/// </summary>
public interface IAttachmentRegistry
{
    /// <summary>Stores the file (see <see cref="IAttachmentStore.SaveAsync"/>) and records <paramref name="uploader"/> as its owner.</summary>
    Task<AttachmentInfo> UploadAsync(Stream content, string fileName, string contentType, string? uploader, CancellationToken cancellationToken = default);

    /// <summary>The ownership row of a stored attachment, or null when the id is unknown.</summary>
    Task<AttachmentOwnership?> FindAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>One row of the attachment table: the owning item (null while unattached), the uploader and the upload time.</summary>
public sealed record AttachmentOwnership(string Id, string? ContentItemId, string? UploadedBy, DateTime UploadedUtc)
{
    /// <summary>
    /// Whether <paramref name="userName"/> may put the file on item <paramref name="contentItemId"/> (null for an item
    /// not created yet): an unattached upload only by its uploader; an attached file only on the item that owns it.
    /// </summary>
    public bool MayAttach(string? contentItemId, string? userName)
        => ContentItemId is null
            ? string.Equals(UploadedBy, userName, StringComparison.Ordinal)
            : !string.IsNullOrEmpty(contentItemId) && string.Equals(ContentItemId, contentItemId, StringComparison.Ordinal);
}
