using System.Net;
using Grassroots.Tests.Infrastructure;

namespace Grassroots.Tests.Platform;

public sealed class DashboardPagesTests
{
    [Fact]
    public async Task Features_and_recipes_screens_render_with_their_forms()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = await factory.CreateApiClientAsync();

        var features = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/features"));
        Assert.Contains("Grassroots.ContentTypes", features);
        Assert.Contains("/admin/features/Grassroots.Contents/disable", features);

        var confirm = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/features/Grassroots.Contents/disable"));
        Assert.Contains("Grassroots.ContentTypes", confirm);
        Assert.Contains("__RequestVerificationToken", confirm);

        var recipes = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/recipes"));
        Assert.Contains("changle-county.recipe.json", recipes);
        Assert.Contains("__RequestVerificationToken", recipes);
    }
}
