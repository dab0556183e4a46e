namespace Grassroots.ContentManagement;

/// <summary>
/// The outbox messages the content manager writes in the transaction of every change (payload
/// <c>{contentItemId, contentItemVersionId, user}</c>), handled after the commit by modules that must not miss one
/// (workflows). <see cref="IContentEventHandler"/>s are still told in-process right after the commit.
/// </summary>
public static class ContentEventMessage
{
    public const string Created = "content.created";

    public const string Updated = "content.updated";

    public const string Published = "content.published";

    public const string Unpublished = "content.unpublished";

    public const string Removed = "content.removed";

    public const string Restored = "content.restored";
}
