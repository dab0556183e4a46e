namespace Grassroots.ContentManagement;

/// <summary>
/// Told about content changes after they are committed (indexing tasks, audit, workflow events hook in here).
/// </summary>
public interface IContentEventHandler
{
    Task CreatedAsync(ContentItem item, CancellationToken cancellationToken) => Task.CompletedTask;

    Task UpdatedAsync(ContentItem item, ContentItem? previous, CancellationToken cancellationToken) => Task.CompletedTask;

    Task PublishedAsync(ContentItem item, CancellationToken cancellationToken) => Task.CompletedTask;

    Task UnpublishedAsync(ContentItem item, CancellationToken cancellationToken) => Task.CompletedTask;

    Task RemovedAsync(ContentItem item, CancellationToken cancellationToken) => Task.CompletedTask;

    Task RestoredAsync(ContentItem item, CancellationToken cancellationToken) => Task.CompletedTask;
}
