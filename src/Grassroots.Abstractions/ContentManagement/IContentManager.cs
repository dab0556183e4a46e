using Grassroots.Commands;
namespace Grassroots.ContentManagement;

/// <summary>Creates, reads, versions and deletes content items; validates against the type definition.</summary>
public interface IContentManager
{
    /// <summary>A new, unsaved item with defaults from the type definition.</summary>
    Task<ContentItem> NewAsync(string contentType, CancellationToken cancellationToken = default);

    Task<ContentItem?> GetAsync(string contentItemId, VersionOptions options = VersionOptions.Published, CancellationToken cancellationToken = default);

    Task<ContentItem?> GetVersionAsync(string contentItemVersionId, CancellationToken cancellationToken = default);

    /// <summary>All versions, newest first (deleted items included).</summary>
    Task<IReadOnlyList<ContentItem>> GetVersionsAsync(string contentItemId, CancellationToken cancellationToken = default);

    /// <summary>Validates and stores a new item as draft or published.</summary>
    Task<CommandResult<ContentItem>> CreateAsync(ContentItem item, VersionOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Validates and stores a change to the latest version. <paramref name="expectedStamp"/> is the
    /// <see cref="ContentItem.ConcurrencyStamp"/> the change was based on; a stale stamp is a conflict.
    /// </summary>
    Task<CommandResult<ContentItem>> UpdateAsync(ContentItem item, string? expectedStamp, bool publish, CancellationToken cancellationToken = default);

    Task<CommandResult<ContentItem>> PublishAsync(string contentItemId, string? expectedStamp = null, CancellationToken cancellationToken = default);

    Task<CommandResult<ContentItem>> UnpublishAsync(string contentItemId, string? expectedStamp = null, CancellationToken cancellationToken = default);

    /// <summary>Soft delete: every version is hidden until <see cref="RestoreAsync"/>.</summary>
    Task<CommandResult<ContentItem>> RemoveAsync(string contentItemId, string? expectedStamp = null, CancellationToken cancellationToken = default);

    Task<CommandResult<ContentItem>> RestoreAsync(string contentItemId, CancellationToken cancellationToken = default);

    /// <summary>Makes an old version's content the new latest (draft) version.</summary>
    Task<CommandResult<ContentItem>> RestoreVersionAsync(string contentItemVersionId, string? expectedStamp, CancellationToken cancellationToken = default);

    /// <summary>Field-level differences from <paramref name="before"/> to <paramref name="after"/>.</summary>
    Task<IReadOnlyList<ContentFieldChange>> DiffAsync(ContentItem? before, ContentItem after, CancellationToken cancellationToken = default);

    /// <summary>The version rows, for lists and filters (no JSON loaded unless selected).</summary>
    IQueryable<ContentItemRecord> Query();

    ContentItem Load(ContentItemRecord record);
}
