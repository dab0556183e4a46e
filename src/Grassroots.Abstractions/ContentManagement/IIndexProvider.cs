namespace Grassroots.ContentManagement;

/// <summary>
/// Maps a content item version to rows of one index table. The content manager replaces the rows of a document in the
/// same transaction as the document itself.
/// </summary>
public interface IIndexProvider
{
    Type IndexType { get; }

    IEnumerable<ContentIndex> Map(ContentItem item, IReadOnlyList<Metadata.ContentPartLayout> layout);
}

/// <summary>Typed base for <see cref="IIndexProvider"/>.</summary>
public abstract class IndexProvider<TIndex> : IIndexProvider
    where TIndex : ContentIndex
{
    public Type IndexType => typeof(TIndex);

    public abstract IEnumerable<TIndex> Map(ContentItem item, IReadOnlyList<Metadata.ContentPartLayout> layout);

    IEnumerable<ContentIndex> IIndexProvider.Map(ContentItem item, IReadOnlyList<Metadata.ContentPartLayout> layout) => Map(item, layout);
}
