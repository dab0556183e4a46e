using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;

namespace Grassroots.Tests.Platform;

public sealed class OrgUnitsApiTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task The_tree_of_Changle_county_is_browsable(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = await factory.CreateApiClientAsync();

        var roots = await client.GetFromJsonAsync<JsonArray>("/api/org-units");
        var county = Assert.Single(roots!)!.AsObject();
        Assert.Equal("370725", county["code"]!.GetValue<string>());
        Assert.Equal("昌乐县", county["name"]!.GetValue<string>());
        Assert.Equal("county", county["level"]!.GetValue<string>());
        Assert.Equal(8, county["childCount"]!.GetValue<int>());

        var towns = await client.GetFromJsonAsync<JsonArray>("/api/org-units?parent=370725");
        Assert.Equal(8, towns!.Count);
        Assert.All(towns, t =>
        {
            Assert.Equal("town", t!["level"]!.GetValue<string>());
            Assert.Equal("370725", t["parentCode"]!.GetValue<string>());
        });
        Assert.Equal(392, towns.Sum(t => t!["childCount"]!.GetValue<int>()));

        var grid = await client.GetFromJsonAsync<JsonObject>("/api/org-units/37072500103601");
        Assert.Equal("grid", grid!["level"]!.GetValue<string>());
        var lineage = grid["lineage"]!.AsArray().Select(u => u!["code"]!.GetValue<string>()).ToList();
        Assert.Equal(["370725", "370725001", "370725001036", "37072500103601"], lineage);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/org-units/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/org-units?parent=999999")).StatusCode);
    }

    [Fact]
    public async Task The_dashboard_tree_shows_children_lineage_and_search()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = await factory.CreateApiClientAsync();

        var root = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/org-units"));
        Assert.Contains("昌乐县", root);

        var village = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/org-units?code=370725001036"));
        Assert.Contains("恒盛社区第一网格", village);
        Assert.Contains("breadcrumb", village);
        Assert.Contains("/admin/org-units?code=370725001", village);

        var search = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/org-units?q=" + Uri.EscapeDataString("第二网格")));
        Assert.Contains("恒盛社区第二网格", search);
        Assert.Contains("团埠坡村第二网格", search);
        Assert.DoesNotContain("恒盛社区第一网格", search);
    }
}
