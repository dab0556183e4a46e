using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Workflows;

public sealed class WorkflowTaskTests
{
    private static async Task<string> CreateOpinionAsync(GrassrootsFactory factory, string orgUnitCode, string summary)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var contents = scope.ServiceProvider.GetRequiredService<IContentManager>();
        var source = (await contents.GetAsync("demo-opinion-tbp-0001", VersionOptions.Latest))!;
        var item = await contents.NewAsync("OpinionReport");
        item.Content = (JsonObject)source.Content.DeepClone();
        item.SetFieldValue("OpinionReport", "Summary", JsonValue.Create(summary));
        item.OrgUnitCode = orgUnitCode;
        var created = await contents.CreateAsync(item, VersionOptions.Published);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.SelectMany(e => e.Value)));
        return created.Value!.ContentItemId;
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Tasks_go_to_the_role_in_the_items_unit_and_complete_only_with_a_listed_outcome(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await JurisdictionTestUsers.CreateAsync(factory, "tbp-clerk", "370725107277", "VillageStaff");
        await JurisdictionTestUsers.CreateAsync(factory, "sgj-clerk", "370725107278", "VillageStaff");
        using var admin = await factory.CreateApiClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/workflow-types/opinion-review", WorkflowEndToEndTests.ReviewType())).StatusCode);
        var itemId = await CreateOpinionAsync(factory, "370725107277", "待办测试：水渠堵塞");

        var neighbour = await factory.CreateApiClientAsync("sgj-clerk", JurisdictionTestUsers.Password);
        Assert.Empty((await neighbour.GetFromJsonAsync<JsonArray>("/api/tasks"))!);
        var clerk = await factory.CreateApiClientAsync("tbp-clerk", JurisdictionTestUsers.Password);
        var task = Assert.Single((await clerk.GetFromJsonAsync<JsonArray>("/api/tasks"))!)!;
        var taskId = task["id"]!.GetValue<string>();
        Assert.Equal(["通过", "退回"], task["outcomes"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));

        // Another village's clerk cannot complete it (404); an unknown outcome is refused and changes nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome = "通过" })).StatusCode);
        var invalid = await clerk.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome = "同意" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("通过、退回", await invalid.Content.ReadAsStringAsync());
        Assert.Single((await clerk.GetFromJsonAsync<JsonArray>("/api/tasks"))!);

        // The item page shows the task with its buttons; the form completes it and returns to the item.
        var browser = await JurisdictionTestUsers.LoginAsync(factory, "tbp-clerk");
        var page = await browser.GetStringAsync($"/admin/content/item/{itemId}");
        Assert.Contains("id=\"item-tasks\"", page);
        Assert.Contains("value=\"退回\"", page);
        var inbox = await browser.GetStringAsync("/admin/tasks");
        Assert.Contains("村审核：待办测试：水渠堵塞", inbox);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = GrassrootsFactory.AntiforgeryToken(page),
            ["outcome"] = "退回",
            ["comment"] = "请补充位置",
            ["returnUrl"] = $"/admin/content/item/{itemId}",
        });
        var done = await browser.PostAsync($"/admin/tasks/{taskId}/complete", form);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/admin/content/item/{itemId}", done.Headers.Location!.OriginalString);
        Assert.Empty((await clerk.GetFromJsonAsync<JsonArray>("/api/tasks"))!);

        var instances = await admin.GetFromJsonAsync<JsonObject>($"/api/workflows?correlationId={itemId}");
        var instanceId = instances!["items"]![0]!["id"]!.GetValue<string>();
        var detail = await admin.GetFromJsonAsync<JsonObject>($"/api/workflows/{instanceId}");
        Assert.Equal("finished", detail!["instance"]!["status"]!.GetValue<string>());
        var resumed = detail["instance"]!["history"]!.AsArray().Last()!;
        Assert.Equal("tbp-clerk", resumed["user"]!.GetValue<string>());
        Assert.Equal("请补充位置", resumed["comment"]!.GetValue<string>());

        // A completed task cannot be completed again.
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome = "通过" })).StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Instances_are_listed_inside_the_jurisdiction_only(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await JurisdictionTestUsers.CreateAsync(factory, "sgj-viewer", "370725107278", "VillageStaff");
        await JurisdictionTestUsers.CreateAsync(factory, "qg-viewer", "370725107", "TownStaff");
        using var admin = await factory.CreateApiClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/workflow-types/opinion-review", WorkflowEndToEndTests.ReviewType())).StatusCode);
        var tbp = await CreateOpinionAsync(factory, "370725107277", "辖区测试一");
        var tbpInstance = (await admin.GetFromJsonAsync<JsonObject>($"/api/workflows?correlationId={tbp}"))!["items"]![0]!["id"]!.GetValue<string>();

        var village = await factory.CreateApiClientAsync("sgj-viewer", JurisdictionTestUsers.Password);
        Assert.Equal(0, (await village.GetFromJsonAsync<JsonObject>("/api/workflows"))!["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await village.GetAsync($"/api/workflows/{tbpInstance}")).StatusCode);
        // The stored instance carries the item's identity, not its field values: no sensitive name or phone.
        var raw = await admin.GetStringAsync($"/api/workflows/{tbpInstance}");
        Assert.Contains(tbp, raw);
        Assert.DoesNotContain("李建国", raw);
        Assert.DoesNotContain("6212345", raw);

        var town = await factory.CreateApiClientAsync("qg-viewer", JurisdictionTestUsers.Password);
        Assert.Equal(1, (await town.GetFromJsonAsync<JsonObject>("/api/workflows"))!["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await town.GetAsync($"/api/workflows/{tbpInstance}")).StatusCode);
        // Viewing is not managing: the town user cannot cancel.
        Assert.Equal(HttpStatusCode.Forbidden, (await town.PostAsync($"/api/workflows/{tbpInstance}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/workflows/{tbpInstance}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/workflows/{tbpInstance}/cancel", null)).StatusCode);
    }
}
