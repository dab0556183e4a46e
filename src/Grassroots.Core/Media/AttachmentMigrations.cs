using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Media;

/// <summary>
/// The <c>Attachments</c> table of the core feature (its own migration class, so its version is independent of
/// <see cref="CoreMigrations"/>). On an existing database the step back-fills a row for every stored file an item
/// refers to in an attachment field, owned by the first item (oldest version row) that refers to it.
/// </summary>
internal sealed class AttachmentMigrations(IContentDefinitionManager definitions, IAttachmentStore store) : DataMigration
{
    private const int BatchSize = 500;

    public override async Task<int> CreateAsync()
    {
        await SchemaBuilder.CreateTablesForAsync(typeof(AttachmentRecord));
        await BackfillAsync();
        return 1;
    }

    private async Task BackfillAsync()
    {
        var layouts = new Dictionary<string, IReadOnlyList<ContentPartLayout>>(StringComparer.Ordinal);
        foreach (var type in await definitions.ListTypeDefinitionsAsync())
        {
            var layout = await definitions.GetLayoutAsync(type.Name);
            if (layout.Any(p => p.Fields.Any(f => f.Kind == ContentFieldKinds.Attachment)))
            {
                layouts[type.Name] = layout;
            }
        }

        if (layouts.Count == 0)
        {
            return;
        }

        var db = SchemaBuilder.DbContext;
        var types = layouts.Keys.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long last = 0;
        while (true)
        {
            var batch = await db.Set<ContentItemRecord>().AsNoTracking()
                .Where(r => types.Contains(r.ContentType) && r.Id > last)
                .OrderBy(r => r.Id)
                .Select(r => new { r.Id, r.ContentItemId, r.ContentType, r.Data, r.CreatedUtc })
                .Take(BatchSize)
                .ToListAsync();
            foreach (var row in batch)
            {
                var item = new ContentItem { ContentType = row.ContentType, Content = JsonNode.Parse(row.Data) as JsonObject ?? [] };
                foreach (var id in AttachmentFieldKind.ReferencedIds(item, layouts[row.ContentType]))
                {
                    if (seen.Add(id) && await store.GetInfoAsync(id) is { } info)
                    {
                        db.Set<AttachmentRecord>().Add(new AttachmentRecord
                        {
                            Id = info.Id, ContentItemId = row.ContentItemId, UploadedUtc = info.CreatedUtc, AttachedUtc = row.CreatedUtc,
                        });
                    }
                }
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            if (batch.Count < BatchSize)
            {
                return;
            }

            last = batch[^1].Id;
        }
    }
}
