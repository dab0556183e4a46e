using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Media;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.ContentManagement.Fields;

/// <summary>
/// 附件: an array of references to uploaded files, <c>[{"id","fileName","size","contentType"}]</c>. Each id must be in
/// the <see cref="IAttachmentStore"/>; name, size and type are taken from the store (not from the request) and checked
/// against <see cref="AttachmentRules"/>. Without <see cref="ContentFieldSettings.Multiple"/> at most one file.
/// Ownership (<see cref="IAttachmentRegistry"/>): a file already on another item, or an unattached upload of another
/// user, is refused; the content manager binds the accepted files to the item when it saves.
/// </summary>
internal sealed class AttachmentFieldKind : IContentFieldKind
{
    public string Name => ContentFieldKinds.Attachment;

    public string DisplayName => "附件";

    public async ValueTask<JsonNode?> NormalizeAsync(JsonNode? value, FieldValidationContext context)
    {
        if (FieldValues.IsBlank(value))
        {
            return FieldValidation.Missing(context);
        }

        var references = ReadReferences(value);
        if (references is null)
        {
            context.Error("「{0}」的值格式不正确");
            return null;
        }

        if (references.Count == 0)
        {
            return FieldValidation.Missing(context);
        }

        var settings = context.Field.Settings;
        if (references.Count > 1 && !settings.Multiple)
        {
            context.Error("「{0}」只能上传一个文件");
            return null;
        }

        var store = context.Services.GetRequiredService<IAttachmentStore>();
        var registry = context.Services.GetRequiredService<IAttachmentRegistry>();
        var result = new JsonArray();
        foreach (var (id, submittedName) in references)
        {
            var owner = await registry.FindAsync(id);
            var info = owner is null ? null : await store.GetInfoAsync(id);
            if (info is null)
            {
                context.Error("「{0}」中的附件 {1} 不存在", submittedName ?? id);
                continue;
            }

            if (!owner!.MayAttach(context.Item.ContentItemId, context.UserName))
            {
                // Named by what was submitted, never by the stored name of someone else's file.
                context.Error(owner.ContentItemId is null ? "「{0}」中的附件 {1} 不是您上传的文件，不能附加" : "「{0}」中的附件 {1} 已属于其他内容，不能附加",
                    submittedName ?? id);
                continue;
            }

            if (AttachmentRules.Validate(info.FileName, info.Size, settings, context.T) is { } problem)
            {
                context.Error("「{0}」：{1}", problem);
                continue;
            }

            result.Add(new JsonObject
            {
                ["id"] = info.Id,
                ["fileName"] = info.FileName,
                ["size"] = info.Size,
                ["contentType"] = info.ContentType,
            });
        }

        return result;
    }

    /// <summary>The attachment ids an item refers to in its attachment fields (stored or submitted shape).</summary>
    internal static IReadOnlyList<string> ReferencedIds(ContentItem item, IEnumerable<ContentPartLayout> layout)
        => [.. layout.SelectMany(part => part.Fields.Where(f => f.Kind == ContentFieldKinds.Attachment)
                .SelectMany(f => ReadReferences(item.GetFieldValue(part.Name, f.Name)) ?? []))
            .Select(r => r.Id).Distinct(StringComparer.Ordinal)];

    /// <summary>The file names joined with "、".</summary>
    public string? ToText(JsonNode? value, ContentFieldDefinition field)
        => FileNames(value) is { Count: > 0 } names ? string.Join("、", names) : null;

    public IndexedFieldValue ToIndex(JsonNode? value, ContentFieldDefinition field)
        => !field.Settings.Sensitive && FileNames(value) is { Count: > 0 } names
            ? new IndexedFieldValue(Text: FieldValues.Truncate(string.Join(' ', names)))
            : default;

    private static List<string> FileNames(JsonNode? value)
    {
        var entries = value switch
        {
            JsonArray array => array,
            JsonObject obj => [obj.DeepClone()],
            _ => [],
        };
        return [.. entries.OfType<JsonObject>()
            .Select(o => FieldValues.AsString(o["fileName"]) ?? FieldValues.AsString(o["id"]))
            .Where(n => !string.IsNullOrEmpty(n))
            .Select(n => n!)];
    }

    /// <summary>
    /// The (id, submitted file name) pairs of an array or single object of references, a JSON string of either (as a
    /// form posts it), or bare ids; null when the shape is wrong. Duplicates are kept once.
    /// </summary>
    private static List<(string Id, string? FileName)>? ReadReferences(JsonNode? value)
    {
        if (value is JsonValue && FieldValues.AsString(value) is { } text)
        {
            text = text.Trim();
            if (text.StartsWith('[') || text.StartsWith('{'))
            {
                try
                {
                    value = JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    return null;
                }
            }
            else
            {
                return FieldValues.AsStrings(value)?.Select(id => (id, (string?)null)).ToList();
            }
        }

        var entries = value switch
        {
            JsonArray array => [.. array],
            JsonObject obj => new List<JsonNode?> { obj },
            _ => null,
        };
        if (entries is null)
        {
            return null;
        }

        var result = new List<(string Id, string? FileName)>();
        foreach (var entry in entries)
        {
            if (FieldValues.IsBlank(entry))
            {
                continue;
            }

            var id = entry is JsonObject reference ? FieldValues.AsString(reference["id"]) : FieldValues.AsString(entry);
            if (string.IsNullOrWhiteSpace(id))
            {
                return null;
            }

            id = id.Trim();
            if (!result.Exists(r => r.Id == id))
            {
                result.Add((id, entry is JsonObject named ? FieldValues.AsString(named["fileName"]) : null));
            }
        }

        return result;
    }
}
