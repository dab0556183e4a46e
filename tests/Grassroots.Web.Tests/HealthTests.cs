using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;

namespace Grassroots.Tests;

public sealed class HealthTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Health_checks_the_database_after_setup(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("healthy", body!["status"]!.GetValue<string>());
    }
}
