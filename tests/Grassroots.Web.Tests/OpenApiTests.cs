using System.Net;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;

namespace Grassroots.Tests;

public sealed class OpenApiTests
{
    [Fact]
    public async Task OpenApi_document_describes_the_api_and_has_a_viewer()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = factory.CreateClient();
        var json = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var paths = json["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/api/auth/token"));
        Assert.True(paths.ContainsKey("/health"));
        Assert.False(paths.ContainsKey("/login"));

        var viewer = await client.GetAsync("/openapi/index.html");
        Assert.Equal(HttpStatusCode.OK, viewer.StatusCode);
        Assert.Contains("swagger", await viewer.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
