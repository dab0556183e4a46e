using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Security;
using Grassroots.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Inspections;

/// <summary>督查员 (两代表一委员) read and comment inside their jurisdiction; others may read but not comment.</summary>
public sealed class InspectionCommentsTests
{
    private const string Password = "Inspect-Pass-2026";

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Inspectors_comment_on_items_in_their_jurisdiction_only(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await CreateUserAsync(factory, "qg-inspector", "370725107", "Inspector");   // 乔官镇
        await CreateUserAsync(factory, "tbp-clerk", "370725107277", "VillageStaff"); // 团埠坡村

        using var inspector = await factory.CreateApiClientAsync("qg-inspector", Password);
        var created = await inspector.PostAsJsonAsync("/api/inspections/comments",
            new { contentItemId = "demo-opinion-tbp-0001", text = "生产路硬化请列入明年计划，并公示进度。" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // An item of another town (宝都街道) is answered like a missing one.
        var outside = await inspector.PostAsJsonAsync("/api/inspections/comments", new { contentItemId = "demo-opinion-hs-0001", text = "越权评论" });
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);

        var empty = await inspector.PostAsJsonAsync("/api/inspections/comments", new { contentItemId = "demo-opinion-tbp-0001", text = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("请填写评论内容", await empty.Content.ReadAsStringAsync());

        // A village clerk of the same village reads the comment but may not comment.
        using var clerk = await factory.CreateApiClientAsync("tbp-clerk", Password);
        var list = await clerk.GetFromJsonAsync<JsonObject>("/api/inspections/comments?contentItemId=demo-opinion-tbp-0001");
        Assert.Equal(1, list!["total"]!.GetValue<int>());
        Assert.Equal("qg-inspector", list["items"]![0]!["userName"]!.GetValue<string>());
        var denied = await clerk.PostAsJsonAsync("/api/inspections/comments", new { contentItemId = "demo-opinion-tbp-0001", text = "文书评论" });
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        // The county administrator sees it too; an inspector of another town would not.
        await CreateUserAsync(factory, "bd-inspector", "370725001", "Inspector");
        using var other = await factory.CreateApiClientAsync("bd-inspector", Password);
        var none = await other.GetFromJsonAsync<JsonObject>("/api/inspections/comments");
        Assert.Equal(0, none!["total"]!.GetValue<int>());
        using var admin = await factory.CreateApiClientAsync();
        var all = await admin.GetFromJsonAsync<JsonObject>("/api/inspections/comments");
        Assert.Equal(1, all!["total"]!.GetValue<int>());
    }

    private static async Task CreateUserAsync(GrassrootsFactory factory, string userName, string orgUnit, string role)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
        var user = new GrassrootsUser { UserName = userName, DisplayName = userName, OrgUnitCode = orgUnit, CreatedUtc = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
    }
}
