using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.AuditTrail;

/// <summary>
/// Records content.created / updated (with the field-level change) / published / unpublished / deleted / restored.
/// Values of sensitive fields are never written: only that they changed ("***").
/// </summary>
internal sealed class AuditContentEventHandler(
    IAuditTrail audit,
    IContentManager contents,
    IContentDefinitionManager definitions) : IContentEventHandler
{
    public const string Masked = "***";

    public Task CreatedAsync(ContentItem item, CancellationToken cancellationToken)
        => RecordAsync(item, "content.created", "创建", null, cancellationToken);

    public async Task UpdatedAsync(ContentItem item, ContentItem? previous, CancellationToken cancellationToken)
    {
        var changes = await contents.DiffAsync(previous, item, cancellationToken);
        var sensitive = await SensitivePathsAsync(item.ContentType, cancellationToken);
        var array = new JsonArray();
        foreach (var change in changes)
        {
            var masked = sensitive.Contains(change.Path);
            array.Add(new JsonObject
            {
                ["path"] = change.Path,
                ["label"] = change.Label,
                ["before"] = masked ? (change.Before is null ? null : Masked) : change.Before,
                ["after"] = masked ? (change.After is null ? null : Masked) : change.After,
                ["sensitive"] = masked ? true : null,
            });
        }

        var data = new JsonObject { ["version"] = item.Number, ["changes"] = array };
        var fields = string.Join("、", changes.Select(c => c.Label));
        await RecordAsync(item, "content.updated", changes.Count == 0 ? "保存（无字段变化）" : $"修改（{fields}）", data, cancellationToken);
    }

    public Task PublishedAsync(ContentItem item, CancellationToken cancellationToken)
        => RecordAsync(item, "content.published", "发布", null, cancellationToken);

    public Task UnpublishedAsync(ContentItem item, CancellationToken cancellationToken)
        => RecordAsync(item, "content.unpublished", "撤销发布", null, cancellationToken);

    public Task RemovedAsync(ContentItem item, CancellationToken cancellationToken)
        => RecordAsync(item, "content.deleted", "删除", null, cancellationToken);

    public Task RestoredAsync(ContentItem item, CancellationToken cancellationToken)
        => RecordAsync(item, "content.restored", "恢复", null, cancellationToken);

    private async Task RecordAsync(ContentItem item, string action, string verb, JsonObject? data, CancellationToken cancellationToken)
    {
        var type = await definitions.GetTypeDefinitionAsync(item.ContentType, cancellationToken);
        data ??= [];
        data["version"] ??= item.Number;
        var title = type?.Settings.MaskDisplayText == true ? Masked : item.DisplayText;
        await audit.RecordAsync(new AuditEvent
        {
            Category = AuditCategories.Content,
            Action = action,
            Summary = $"{verb}{type?.DisplayName ?? item.ContentType}「{title}」",
            ContentItemId = item.ContentItemId,
            ContentType = item.ContentType,
            OrgUnitCode = item.OrgUnitCode,
            Data = data,
        }, cancellationToken);
    }

    private async Task<HashSet<string>> SensitivePathsAsync(string contentType, CancellationToken cancellationToken)
    {
        var layout = await definitions.GetLayoutAsync(contentType, cancellationToken);
        return layout.SelectMany(p => p.Fields.Where(f => f.Settings.Sensitive).Select(f => $"{p.Name}.{f.Name}"))
            .ToHashSet(StringComparer.Ordinal);
    }
}
