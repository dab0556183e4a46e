using System.Text.Json.Nodes;
using Grassroots.ContentManagement;

namespace Grassroots.Contents.Services;

/// <summary>The JSON shape of content items in the API.</summary>
public static class ContentJson
{
    public static JsonObject ToJson(ContentItem item, bool includeContent = true)
    {
        var json = Common(item.ContentItemId, item.ContentItemVersionId, item.ContentType, item.DisplayText, item.OrgUnitCode,
            item.Latest, item.Published, item.Deleted, item.Number, item.ConcurrencyStamp, item.Owner, item.Author,
            item.CreatedUtc, item.ModifiedUtc, item.PublishedUtc);
        if (includeContent)
        {
            json["content"] = item.Content.DeepClone();
        }

        return json;
    }

    public static JsonObject ToJson(ContentItemRecord r)
        => Common(r.ContentItemId, r.ContentItemVersionId, r.ContentType, r.DisplayText, r.OrgUnitCode, r.Latest, r.Published,
            r.Deleted, r.Number, r.ConcurrencyStamp, r.Owner, r.Author, r.CreatedUtc, r.ModifiedUtc, r.PublishedUtc);

    private static JsonObject Common(string id, string versionId, string type, string displayText, string orgUnitCode,
        bool latest, bool published, bool deleted, int number, string stamp, string? owner, string? author,
        DateTime? created, DateTime? modified, DateTime? publishedUtc) => new()
    {
        ["contentItemId"] = id,
        ["contentItemVersionId"] = versionId,
        ["contentType"] = type,
        ["displayText"] = displayText,
        ["orgUnitCode"] = orgUnitCode,
        ["latest"] = latest,
        ["published"] = published,
        ["deleted"] = deleted,
        ["number"] = number,
        ["concurrencyStamp"] = stamp,
        ["owner"] = owner,
        ["author"] = author,
        ["createdUtc"] = Utc(created),
        ["modifiedUtc"] = Utc(modified),
        ["publishedUtc"] = Utc(publishedUtc),
    };

    private static JsonValue? Utc(DateTime? value)
        => value is { } v ? JsonValue.Create(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}
