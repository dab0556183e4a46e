using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;

namespace Grassroots.Tests.Platform;

public sealed class FeaturesApiTests
{
    private static async Task<JsonObject> FeatureAsync(HttpClient client, string id)
    {
        var list = await client.GetFromJsonAsync<JsonArray>("/api/features");
        return list!.OfType<JsonObject>().Single(f => f["id"]!.GetValue<string>() == id);
    }

    private static async Task<List<string>> IdsAsync(HttpResponseMessage response, string property)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body![property]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Features_are_listed_and_switching_them_changes_the_running_site(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = await factory.CreateApiClientAsync();

        var contentTypes = await FeatureAsync(client, "Grassroots.ContentTypes");
        Assert.True(contentTypes["enabled"]!.GetValue<bool>());
        Assert.Contains("Grassroots.Contents", contentTypes["dependencies"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("Grassroots.ContentTypes", contentTypes["moduleId"]!.GetValue<string>());
        Assert.False(contentTypes["isAlwaysEnabled"]!.GetValue<bool>());

        // Disabling org units: its API disappears at once, without a restart.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/org-units")).StatusCode);
        var disabled = await IdsAsync(await client.PostAsync("/api/features/Grassroots.OrgUnits/disable", null), "disabled");
        Assert.Contains("Grassroots.OrgUnits", disabled);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/org-units")).StatusCode);
        Assert.False((await FeatureAsync(client, "Grassroots.OrgUnits"))["enabled"]!.GetValue<bool>());

        var enabled = await IdsAsync(await client.PostAsync("/api/features/Grassroots.OrgUnits/enable", null), "enabled");
        Assert.Equal(["Grassroots.OrgUnits"], enabled);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/org-units")).StatusCode);
        Assert.True((await FeatureAsync(client, "Grassroots.OrgUnits"))["enabled"]!.GetValue<bool>());

        // Disabling a feature takes its dependents with it; enabling one brings its dependencies back.
        disabled = await IdsAsync(await client.PostAsync("/api/features/Grassroots.Contents/disable", null), "disabled");
        Assert.Contains("Grassroots.Contents", disabled);
        Assert.Contains("Grassroots.ContentTypes", disabled);
        Assert.False((await FeatureAsync(client, "Grassroots.ContentTypes"))["enabled"]!.GetValue<bool>());

        enabled = await IdsAsync(await client.PostAsync("/api/features/Grassroots.ContentTypes/enable", null), "enabled");
        Assert.Contains("Grassroots.Contents", enabled);
        Assert.Contains("Grassroots.ContentTypes", enabled);
        Assert.True((await FeatureAsync(client, "Grassroots.Contents"))["enabled"]!.GetValue<bool>());
        Assert.True((await FeatureAsync(client, "Grassroots.ContentTypes"))["enabled"]!.GetValue<bool>());

        // Enabling again changes nothing.
        Assert.Empty(await IdsAsync(await client.PostAsync("/api/features/Grassroots.ContentTypes/enable", null), "enabled"));
    }

    [Fact]
    public async Task Always_enabled_features_cannot_be_disabled_and_unknown_ids_are_404()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = await factory.CreateApiClientAsync();

        var locked = await client.PostAsync("/api/features/Grassroots.Users/disable", null);
        Assert.Equal(HttpStatusCode.Conflict, locked.StatusCode);
        Assert.Equal("application/problem+json", locked.Content.Headers.ContentType?.MediaType);
        var problem = await locked.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("始终启用", problem!["title"]!.GetValue<string>());
        Assert.True((await FeatureAsync(client, "Grassroots.Users"))["enabled"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/features/No.Such.Feature/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/features/No.Such.Feature/disable", null)).StatusCode);

        using var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/features")).StatusCode);
    }
}
