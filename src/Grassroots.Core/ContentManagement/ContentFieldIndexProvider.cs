using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Modules;

namespace Grassroots.ContentManagement;

/// <summary>Maps every field of the latest and published versions to <see cref="ContentFieldIndex"/> rows.</summary>
internal sealed class ContentFieldIndexProvider(IEnabledServices<IContentFieldKind> kinds) : IndexProvider<ContentFieldIndex>
{
    public override IEnumerable<ContentFieldIndex> Map(ContentItem item, IReadOnlyList<ContentPartLayout> layout)
    {
        if (item.Deleted || (!item.Latest && !item.Published))
        {
            yield break;
        }

        var byName = kinds.All.ToDictionary(k => k.Name, StringComparer.Ordinal);
        foreach (var part in layout)
        {
            foreach (var field in part.Fields)
            {
                if (!byName.TryGetValue(field.Kind, out var kind))
                {
                    continue;
                }

                var value = item.GetFieldValue(part.Name, field.Name);
                if (value is null)
                {
                    continue;
                }

                var indexed = kind.ToIndex(value, field);
                if (indexed == default)
                {
                    continue;
                }

                yield return new ContentFieldIndex
                {
                    ContentItemId = item.ContentItemId,
                    ContentType = item.ContentType,
                    PartName = part.Name,
                    FieldName = field.Name,
                    Latest = item.Latest,
                    Published = item.Published,
                    Text = indexed.Text is { Length: > 1000 } t ? t[..1000] : indexed.Text,
                    Number = indexed.Number,
                    Date = indexed.Date,
                    Boolean = indexed.Boolean,
                };
            }
        }
    }
}
