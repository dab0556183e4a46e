namespace Grassroots.Media;

/// <summary>
/// Stores uploaded files (附件): the bytes plus their metadata. Ids are opaque random strings; stored content is only
/// ever served for download, never executed.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>Stores <paramref name="content"/> under a new id; the file name is sanitised.</summary>
    Task<AttachmentInfo> SaveAsync(Stream content, string fileName, string contentType, CancellationToken cancellationToken = default);

    /// <summary>The metadata of a stored file, or null when the id is unknown or malformed.</summary>
    Task<AttachmentInfo?> GetInfoAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>A read-only stream over the stored bytes (the caller disposes it), or null when unknown.</summary>
    Task<Stream?> OpenReadAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Removes the file and its metadata; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>Metadata of a stored attachment (附件信息).</summary>
public sealed record AttachmentInfo(string Id, string FileName, long Size, string ContentType, DateTime CreatedUtc);
