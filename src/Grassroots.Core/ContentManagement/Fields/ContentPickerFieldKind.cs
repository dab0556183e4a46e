using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.ContentManagement.Fields;

/// <summary>
/// 内容选择: ids of content items (a string, or an array with <see cref="ContentFieldSettings.Multiple"/>). Each must be
/// an existing, not deleted item, of one of <see cref="ContentFieldSettings.AllowedContentTypes"/> when set.
/// </summary>
internal sealed class ContentPickerFieldKind : IContentFieldKind
{
    private const int MaxIdLength = 64;

    public string Name => ContentFieldKinds.ContentPicker;

    public string DisplayName => "内容选择";

    public async ValueTask<JsonNode?> NormalizeAsync(JsonNode? value, FieldValidationContext context)
    {
        var ids = FieldValidation.ReadChoices(value, context);
        if (ids is null)
        {
            return null;
        }

        if (ids.Count == 0)
        {
            return FieldValidation.Missing(context);
        }

        var malformed = ids.Where(id => id.Length > MaxIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')).ToList();
        foreach (var id in malformed)
        {
            context.Error("「{0}」中的内容项 {1} 不存在", id);
        }

        var wellFormed = ids.Except(malformed).ToList();
        var found = await FindTypesAsync(context.Services.GetRequiredService<IContentManager>(), wellFormed);
        var allowed = context.Field.Settings.AllowedContentTypes;
        foreach (var id in wellFormed)
        {
            if (!found.TryGetValue(id, out var contentType))
            {
                context.Error("「{0}」中的内容项 {1} 不存在", id);
            }
            else if (allowed.Count > 0 && !allowed.Contains(contentType, StringComparer.OrdinalIgnoreCase))
            {
                context.Error("「{0}」中的内容项 {1} 类型不符，只能选择：{2}", id, string.Join("、", allowed));
            }
        }

        return FieldValidation.StoreChoices(ids, context.Field.Settings.Multiple);
    }

    /// <summary>The ids joined with "、" (titles need a query; lists resolve them separately).</summary>
    public string? ToText(JsonNode? value, ContentFieldDefinition field)
        => FieldValues.StoredStrings(value) is { Count: > 0 } ids ? string.Join("、", ids) : null;

    public IndexedFieldValue ToIndex(JsonNode? value, ContentFieldDefinition field) => FieldValidation.ChoicesIndex(value, field);

    /// <summary>Content type by id, for the latest, not deleted versions of <paramref name="ids"/>.</summary>
    private static async Task<Dictionary<string, string>> FindTypesAsync(IContentManager contentManager, List<string> ids)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var query = contentManager.Query()
            .Where(r => ids.Contains(r.ContentItemId) && r.Latest && !r.Deleted)
            .Select(r => new { r.ContentItemId, r.ContentType });
        var rows = query.Provider is IAsyncQueryProvider ? await query.ToListAsync() : [.. query];
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            result.TryAdd(row.ContentItemId, row.ContentType);
        }

        return result;
    }
}
