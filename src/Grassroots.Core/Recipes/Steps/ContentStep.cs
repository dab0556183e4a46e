using System.Text.Json.Nodes;
using Grassroots.Commands;
using Grassroots.ContentManagement;

namespace Grassroots.Recipes.Steps;

/// <summary>
/// <c>{"name":"content","data":[{"contentItemId","contentType","orgUnitCode","published","content":{…}}]}</c>.
/// Items are matched by id: an existing item is updated only when its content differs, so re-running creates nothing twice.
/// </summary>
internal sealed class ContentStep(IContentManager contentManager) : IRecipeStepHandler
{
    public string Name => "content";

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        if (context.Require("data") is not JsonArray data)
        {
            throw new RecipeStepException("data", "data 必须是数组");
        }

        for (var i = 0; i < data.Count; i++)
        {
            var path = $"data[{i}]";
            if (data[i] is not JsonObject entry)
            {
                throw new RecipeStepException(path, "内容项必须是 JSON 对象");
            }

            var id = Text(entry, "contentItemId");
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new RecipeStepException(path + ".contentItemId", "配方中的内容项必须有 contentItemId，以便重复运行时不重复创建");
            }

            var type = Text(entry, "contentType") ?? throw new RecipeStepException(path + ".contentType", "缺少 contentType");
            var publish = entry["published"] is JsonValue p && p.TryGetValue<bool>(out var b) ? b : true;
            var content = (entry["content"] as JsonObject)?.DeepClone() as JsonObject ?? [];
            var existing = await contentManager.GetAsync(id, VersionOptions.Latest, context.CancellationToken);
            CommandResult<ContentItem> result;
            if (existing is null)
            {
                var item = await contentManager.NewAsync(type, context.CancellationToken);
                item.ContentItemId = id;
                item.OrgUnitCode = Text(entry, "orgUnitCode") ?? item.OrgUnitCode;
                item.Owner = Text(entry, "owner");
                foreach (var part in content)
                {
                    item.Content[part.Key] = part.Value?.DeepClone();
                }

                result = await contentManager.CreateAsync(item, publish ? VersionOptions.Published : VersionOptions.Draft, context.CancellationToken);
            }
            else
            {
                var updated = existing.Clone();
                updated.OrgUnitCode = Text(entry, "orgUnitCode") ?? existing.OrgUnitCode;
                updated.Content = content;
                if (updated.OrgUnitCode == existing.OrgUnitCode && Normalize(existing.Content) == Normalize(content) && existing.Published == publish)
                {
                    continue;
                }

                result = await contentManager.UpdateAsync(updated, existing.ConcurrencyStamp, publish, context.CancellationToken);
            }

            if (!result.Succeeded)
            {
                var (key, messages) = result.Errors.Count > 0 ? result.Errors.First() : new KeyValuePair<string, string[]>("", [result.Message ?? "保存失败"]);
                throw new RecipeStepException(key.Length > 0 ? $"{path}.content.{key}" : path, string.Join("；", messages));
            }
        }
    }

    private static string Normalize(JsonObject content)
    {
        // Fields may be given as bare values in recipes; compare in the stored shape.
        var copy = new JsonObject();
        foreach (var part in content)
        {
            var fields = new JsonObject();
            if (part.Value is JsonObject partObject)
            {
                foreach (var field in partObject)
                {
                    fields[field.Key] = field.Value is JsonObject o && o.ContainsKey("value") ? o.DeepClone() : new JsonObject { ["value"] = field.Value?.DeepClone() };
                }
            }

            copy[part.Key] = fields;
        }

        return copy.ToJsonString();
    }

    private static string? Text(JsonObject entry, string property)
        => entry.FirstOrDefault(p => string.Equals(p.Key, property, StringComparison.OrdinalIgnoreCase)).Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
