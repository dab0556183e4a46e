using System.Text.Json.Nodes;
using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Settings;

/// <summary>Named JSON settings documents (the site's settings are the document <c>Site</c>).</summary>
internal sealed class SiteSettingsStore(GrassrootsDbContext db, TimeProvider clock) : ISiteSettingsStore
{

    public async Task<JsonObject> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var row = await db.SiteSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Name == name, cancellationToken);
        return row is null ? [] : JsonNode.Parse(row.Json) as JsonObject ?? [];
    }

    public async Task SetAsync(string name, JsonObject value, CancellationToken cancellationToken = default)
    {
        var row = await db.SiteSettings.FirstOrDefaultAsync(s => s.Name == name, cancellationToken);
        if (row is null)
        {
            db.SiteSettings.Add(new SiteSettingRecord { Name = name, Json = value.ToJsonString(GrassrootsJson.Options), ModifiedUtc = clock.GetUtcNow().UtcDateTime });
        }
        else
        {
            row.Json = value.ToJsonString(GrassrootsJson.Options);
            row.ModifiedUtc = clock.GetUtcNow().UtcDateTime;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
