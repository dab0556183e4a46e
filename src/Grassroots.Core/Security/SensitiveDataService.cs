using System.Security.Claims;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Grassroots.Security;

/// <summary>Masks sensitive fields unless the user has revealed the item (holding 查看敏感信息 for its jurisdiction).</summary>
internal sealed class SensitiveDataService(
    GrassrootsDbContext db,
    IAuthorizationService authorization,
    IJurisdictionService jurisdictions,
    IContentDefinitionManager definitions,
    IAuditTrail audit,
    IOptions<SensitiveDataOptions> options,
    TimeProvider clock) : ISensitiveDataService
{
    public async Task<bool> CanRevealAsync(ClaimsPrincipal user, ContentItem item, CancellationToken cancellationToken = default)
    {
        if (!await authorization.AuthorizeAsync(user, StandardPermissions.ViewSensitiveData))
        {
            return false;
        }

        var jurisdiction = await jurisdictions.GetAsync(user, cancellationToken);
        var path = await db.OrgUnits.AsNoTracking().Where(u => u.Code == item.OrgUnitCode).Select(u => u.Path).FirstOrDefaultAsync(cancellationToken);
        return jurisdiction.Contains(path);
    }

    public async Task<bool> IsRevealedAsync(ClaimsPrincipal user, string contentItemId, CancellationToken cancellationToken = default)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub");
        if (userId is null)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Set<SensitiveRevealRecord>().AsNoTracking()
            .AnyAsync(r => r.UserId == userId && r.ContentItemId == contentItemId && r.ExpiresUtc > now, cancellationToken);
    }

    public async Task<SensitiveReveal?> RevealAsync(ClaimsPrincipal user, ContentItem item, string reason, CancellationToken cancellationToken = default)
    {
        reason = reason?.Trim() ?? "";
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub");
        if (userId is null || reason.Length < options.Value.MinimumReasonLength || !await CanRevealAsync(user, item, cancellationToken))
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var record = new SensitiveRevealRecord
        {
            UserId = userId,
            ContentItemId = item.ContentItemId,
            Reason = reason.Length > 500 ? reason[..500] : reason,
            CreatedUtc = now,
            ExpiresUtc = now + options.Value.RevealDuration,
        };
        db.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(record).State = EntityState.Detached;
        // The trail is read by auditors who have revealed nothing: the summary names the item as its lists do.
        var type = await definitions.GetTypeDefinitionAsync(item.ContentType, cancellationToken);
        await audit.RecordAsync(new AuditEvent
        {
            Category = AuditCategories.Sensitive,
            Action = "sensitive.revealed",
            Summary = $"查看「{ProtectDisplayText(type, item.DisplayText)}」的敏感信息",
            ContentItemId = item.ContentItemId,
            ContentType = item.ContentType,
            OrgUnitCode = item.OrgUnitCode,
            Data = new JsonObject { ["reason"] = record.Reason, ["expiresUtc"] = record.ExpiresUtc.ToString("O") },
        }, cancellationToken);
        return new SensitiveReveal(item.ContentItemId, record.Reason, record.ExpiresUtc);
    }

    public async Task<ContentItem> ProtectAsync(ClaimsPrincipal user, ContentItem item, CancellationToken cancellationToken = default)
    {
        var layout = await definitions.GetLayoutAsync(item.ContentType, cancellationToken);
        var type = await definitions.GetTypeDefinitionAsync(item.ContentType, cancellationToken);
        var hasSensitive = layout.Any(p => p.Fields.Any(f => f.Settings.Sensitive)) || type?.Settings.MaskDisplayText == true;
        if (!hasSensitive || await IsRevealedAsync(user, item.ContentItemId, cancellationToken))
        {
            return item;
        }

        var copy = item.Clone();
        foreach (var part in layout)
        {
            foreach (var field in part.Fields.Where(f => f.Settings.Sensitive))
            {
                var value = copy.GetFieldValue(part.Name, field.Name);
                if (value is not null)
                {
                    copy.SetFieldValue(part.Name, field.Name, MaskNode(field, value));
                }
            }
        }

        if (type?.Settings.MaskDisplayText == true && !string.IsNullOrWhiteSpace(item.DisplayText))
        {
            // The display text is taken from a text field (the person's name): that field is masked with it.
            foreach (var part in layout)
            {
                foreach (var field in part.Fields.Where(f => !f.Settings.Sensitive))
                {
                    if (copy.GetFieldValue(part.Name, field.Name) is JsonValue v && v.TryGetValue<string>(out var text) && text == item.DisplayText)
                    {
                        copy.SetFieldValue(part.Name, field.Name, JsonValue.Create(SensitiveMask.MaskName(text)));
                    }
                }
            }
        }

        copy.DisplayText = ProtectDisplayText(type, copy.DisplayText);
        return copy;
    }

    public string ProtectDisplayText(ContentTypeDefinition? type, string displayText)
        => type?.Settings.MaskDisplayText == true ? SensitiveMask.MaskName(displayText) : displayText;

    public string MaskValue(string? kind, string? value) => SensitiveMask.Mask(kind, value);

    public async Task<string> ProtectDisplayTextAsync(string contentType, string displayText, CancellationToken cancellationToken = default)
        => ProtectDisplayText(await definitions.GetTypeDefinitionAsync(contentType, cancellationToken), displayText);

    public async Task<ISensitiveTextMasker> CreateTextMaskerAsync(ClaimsPrincipal user, ContentItem? item, CancellationToken cancellationToken = default)
    {
        if (item is null)
        {
            return await authorization.AuthorizeAsync(user, StandardPermissions.ViewSensitiveData)
                ? SensitiveTextMasker.None
                : new SensitiveTextMasker([], patterns: true);
        }

        if (await IsRevealedAsync(user, item.ContentItemId, cancellationToken))
        {
            return SensitiveTextMasker.None;
        }

        var values = new List<KeyValuePair<string, string>>();
        foreach (var part in await definitions.GetLayoutAsync(item.ContentType, cancellationToken))
        {
            foreach (var field in part.Fields.Where(f => f.Settings.Sensitive))
            {
                var value = item.GetFieldValue(part.Name, field.Name);
                foreach (var text in (value as JsonArray)?.Select(v => v) ?? [value])
                {
                    if (text is JsonValue v && v.TryGetValue<string>(out var clear))
                    {
                        values.Add(KeyValuePair.Create(clear, SensitiveMask.Mask(field.Kind, clear)));
                    }
                }
            }
        }

        var type = await definitions.GetTypeDefinitionAsync(item.ContentType, cancellationToken);
        if (type?.Settings.MaskDisplayText == true && !string.IsNullOrWhiteSpace(item.DisplayText))
        {
            values.Add(KeyValuePair.Create(item.DisplayText, SensitiveMask.MaskName(item.DisplayText)));
        }

        return new SensitiveTextMasker(values, patterns: true);
    }

    private static JsonNode MaskNode(ContentFieldDefinition field, JsonNode value) => value switch
    {
        JsonArray array => new JsonArray([.. array.Select(v => v is null ? null : MaskNode(field, v))]),
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(SensitiveMask.Mask(field.Kind, s))!,
        _ => JsonValue.Create("***")!,
    };
}
