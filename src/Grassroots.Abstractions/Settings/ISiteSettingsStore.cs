using System.Text.Json.Nodes;

namespace Grassroots.Settings;

/// <summary>Named JSON settings documents kept in the database (the site's own settings are <see cref="Site"/>).</summary>
public interface ISiteSettingsStore
{
    const string Site = "Site";

    Task<JsonObject> GetAsync(string name, CancellationToken cancellationToken = default);

    Task SetAsync(string name, JsonObject value, CancellationToken cancellationToken = default);
}
