using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Data;
using Grassroots.Localization;
using Grassroots.Modules;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Grassroots.Settings;
using Lucene.Net.Documents;
using Lucene.Net.Util;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Search.Lucene.Services;

/// <summary>Names of the Lucene fields every document has.</summary>
public static class SearchFields
{
    public const string Id = "id";
    public const string Type = "type";
    public const string Title = "title";
    public const string OrgUnitCode = "orgUnitCode";
    /// <summary>The owner's user name (for users who may view only their own items of a type).</summary>
    public const string Owner = "owner";
    /// <summary>Every prefix of the item's org path (the jurisdiction clause matches the user's own path).</summary>
    public const string Path = "path";
    /// <summary>The item's own org path, exactly (publications reach the units below it).</summary>
    public const string OwnPath = "ownpath";
    /// <summary><c>true</c> on documents of a published version.</summary>
    public const string Published = "published";
    public const string Town = "town";
    public const string Village = "village";
    public const string Status = "status";
    public const string Modified = "modified";
    public const string Month = "month";
    public const string Deadline = "deadline";
    public const string Content = "content";
    /// <summary>Title and content as CJK bigrams (recall where word segmentation differs).</summary>
    public const string Bigrams = "all.cjk";
    /// <summary>Keyed hashes of every ID number of the item (also per field as <c>h.{Part}.{Field}</c>).</summary>
    public const string IdHash = "idhash";

    /// <summary>Doc-values field of a facet dimension.</summary>
    public static string Facet(string dimension) => "facet." + dimension;

    public static readonly string[] FacetDimensions = [Type, Town, Village, Status, Month];
}

/// <summary>Keyed hash of ID numbers (HMAC-SHA256, key in the site settings, created on first use).</summary>
public sealed class IdNumberHasher(ISiteSettingsStore settings)
{
    private const string SettingsName = "Search";
    private byte[]? _key;

    public static string Normalize(string value) => new string(value.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();

    public async Task<string> HashAsync(string value, CancellationToken cancellationToken = default)
    {
        var key = _key ??= await LoadKeyAsync(cancellationToken);
        return Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Normalize(value)))).ToLowerInvariant();
    }

    private async Task<byte[]> LoadKeyAsync(CancellationToken cancellationToken)
    {
        var document = await settings.GetAsync(SettingsName, cancellationToken);
        if (document["idHashKey"]?.GetValue<string>() is { Length: > 0 } existing)
        {
            return Convert.FromBase64String(existing);
        }

        var key = RandomNumberGenerator.GetBytes(32);
        document["idHashKey"] = Convert.ToBase64String(key);
        await settings.SetAsync(SettingsName, document, cancellationToken);
        return key;
    }
}

/// <summary>Turns a version row into a Lucene document (sensitive values never in clear text).</summary>
public sealed class SearchDocumentBuilder(
    IContentDefinitionManager definitions,
    IEnabledServices<IContentFieldKind> fieldKinds,
    ISensitiveDataService sensitive,
    IDbContextAccessor db,
    IdNumberHasher hasher)
{
    private readonly Dictionary<string, (ContentTypeDefinition? Type, IReadOnlyList<ContentPartLayout> Layout)> _types = new(StringComparer.Ordinal);
    private Dictionary<string, OrgUnit>? _units;
    private Dictionary<string, IContentFieldKind>? _kinds;

    public async Task<Document> BuildAsync(ContentItemRecord record, ContentItem item, CancellationToken cancellationToken = default)
    {
        if (!_types.TryGetValue(record.ContentType, out var type))
        {
            type = (await definitions.GetTypeDefinitionAsync(record.ContentType, cancellationToken), await definitions.GetLayoutAsync(record.ContentType, cancellationToken));
            _types[record.ContentType] = type;
        }

        _units ??= await db.DbContext.Set<OrgUnit>().AsNoTracking().ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken);
        var kinds = _kinds ??= fieldKinds.All.ToDictionary(k => k.Name, StringComparer.Ordinal);

        // A masked display text is a person's name: neither it nor its masked form is searchable, and only the masked
        // form is stored (for showing the hit); the field it was taken from is left out of the full text below.
        var maskedName = type.Type?.Settings.MaskDisplayText == true ? record.DisplayText : null;
        var doc = new Document
        {
            new StringField(SearchFields.Id, record.ContentItemId, Field.Store.YES),
            new StringField(SearchFields.Type, record.ContentType, Field.Store.YES),
            new SortedDocValuesField(SearchFields.Facet(SearchFields.Type), new BytesRef(record.ContentType)),
            maskedName is null
                ? new TextField(SearchFields.Title, record.DisplayText, Field.Store.YES)
                : new StoredField(SearchFields.Title, sensitive.ProtectDisplayText(type.Type, record.DisplayText)),
            new StringField(SearchFields.OrgUnitCode, record.OrgUnitCode, Field.Store.YES),
        };
        if (!string.IsNullOrEmpty(record.Owner))
        {
            doc.Add(new StringField(SearchFields.Owner, record.Owner, Field.Store.NO));
        }

        var path = string.IsNullOrEmpty(record.OrgPath) && _units.TryGetValue(record.OrgUnitCode, out var own) ? own.Path : record.OrgPath;
        doc.Add(new StringField(SearchFields.OwnPath, path, Field.Store.NO));
        if (record.Published)
        {
            doc.Add(new StringField(SearchFields.Published, "true", Field.Store.NO));
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var prefix = "/";
        foreach (var code in segments)
        {
            prefix += code + "/";
            doc.Add(new StringField(SearchFields.Path, prefix, Field.Store.NO));
            if (_units.TryGetValue(code, out var unit))
            {
                if (unit.Level == OrgUnitLevel.Town)
                {
                    doc.Add(new StringField(SearchFields.Town, code, Field.Store.NO));
                    doc.Add(new SortedDocValuesField(SearchFields.Facet(SearchFields.Town), new BytesRef(code)));
                }
                else if (unit.Level == OrgUnitLevel.Village)
                {
                    doc.Add(new StringField(SearchFields.Village, code, Field.Store.NO));
                    doc.Add(new SortedDocValuesField(SearchFields.Facet(SearchFields.Village), new BytesRef(code)));
                }
            }
        }

        var modified = DateTime.SpecifyKind(record.ModifiedUtc, DateTimeKind.Utc);
        doc.Add(new Int64Field(SearchFields.Modified, modified.Ticks, Field.Store.YES));
        doc.Add(new NumericDocValuesField(SearchFields.Modified, modified.Ticks));
        var month = BusinessTime.ToBusinessDateTime(modified).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        doc.Add(new StringField(SearchFields.Month, month, Field.Store.NO));
        doc.Add(new SortedDocValuesField(SearchFields.Facet(SearchFields.Month), new BytesRef(month)));

        string? status = null;
        var content = new StringBuilder();
        foreach (var part in type.Layout)
        {
            foreach (var field in part.Fields)
            {
                var value = item.GetFieldValue(part.Name, field.Name);
                kinds.TryGetValue(field.Kind, out var kind);
                if (field.Kind == ContentFieldKinds.ResidentId)
                {
                    if (Raw(value) is { Length: > 0 } id)
                    {
                        var hash = await hasher.HashAsync(id, cancellationToken);
                        doc.Add(new StringField($"h.{part.Name}.{field.Name}", hash, Field.Store.NO));
                        doc.Add(new StringField(SearchFields.IdHash, hash, Field.Store.NO));
                    }

                    continue;
                }

                if (field.Name == "Status" && status is null && Raw(value) is { Length: > 0 } s)
                {
                    status = s;
                }

                if (field.Name == "Deadline" && field.Kind is ContentFieldKinds.Date or ContentFieldKinds.DateTime
                    && kind?.ToIndex(value, field).Date is { } deadline)
                {
                    doc.Add(new NumericDocValuesField(SearchFields.Deadline, DateTime.SpecifyKind(deadline, DateTimeKind.Utc).Ticks));
                }

                if (field.Settings.Sensitive || kind is null)
                {
                    continue;
                }

                var settings = field.Settings.Search ?? new Grassroots.ContentManagement.Metadata.FieldSearchSettings();
                var text = kind.ToText(value, field);
                if (string.IsNullOrWhiteSpace(text) || (maskedName is not null && text.Trim() == maskedName.Trim()))
                {
                    continue;
                }

                if (settings.Included)
                {
                    content.Append(text).Append('\n');
                    doc.Add(new TextField($"f.{part.Name}.{field.Name}", text, settings.Stored ? Field.Store.YES : Field.Store.NO));
                }
                else if (settings.Stored)
                {
                    doc.Add(new StoredField($"f.{part.Name}.{field.Name}", text));
                }

                if (settings.Keyword)
                {
                    doc.Add(new StringField($"k.{part.Name}.{field.Name}", Raw(value) ?? text, Field.Store.NO));
                }
            }
        }

        status ??= record.Published ? "published" : "draft";
        doc.Add(new StringField(SearchFields.Status, status, Field.Store.YES));
        doc.Add(new SortedDocValuesField(SearchFields.Facet(SearchFields.Status), new BytesRef(status)));
        doc.Add(new TextField(SearchFields.Content, content.ToString(), Field.Store.NO));
        doc.Add(new TextField(SearchFields.Bigrams, (maskedName is null ? record.DisplayText + "\n" : "") + content, Field.Store.NO));
        return doc;
    }

    private static string? Raw(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };
}
