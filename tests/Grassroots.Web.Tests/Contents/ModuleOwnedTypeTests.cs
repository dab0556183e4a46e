using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Security;
using static Grassroots.Tests.ServiceRequests.Screens.ScreensTestSetup;

namespace Grassroots.Tests.Contents;

/// <summary>
/// A type owned by a module (<c>ServiceRequest</c>, owned by 流水线服务) is read-only in the generic content API and
/// editor, while the module's own pipeline keeps writing it; <c>Creatable</c> is honoured by <c>POST /api/content</c>.
/// </summary>
public sealed class ModuleOwnedTypeTests
{
    private const string OwnedTitle = "不能在此修改该类型的内容";

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Content_api_reads_a_service_request_but_refuses_every_write_while_the_pipeline_still_works(DatabaseKind kind)
    {
        await using var factory = await CreateSeededAsync(kind);
        using var staff = await factory.CreateApiClientAsync(Dispatcher, JurisdictionTestUsers.Password);
        var (id, _) = await RegisterAsync(staff);
        using var admin = await factory.CreateApiClientAsync();

        // Reads keep working.
        var read = await admin.GetAsync($"/api/content/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var item = (await read.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("ServiceRequest", item["contentType"]!.GetValue<string>());
        var stamp = item["concurrencyStamp"]!.GetValue<string>();
        var content = item["content"]!.AsObject();
        var description = content["ServiceRequest"]!["Description"]!["value"]!.GetValue<string>();
        var versions = (await admin.GetFromJsonAsync<JsonArray>($"/api/content/{id}/versions"))!;
        var versionId = versions[0]!["versionId"]!.GetValue<string>();

        // Every write is refused with 409 and the owner's name, whatever the user's permissions (the administrator here).
        var changed = (JsonObject)content.DeepClone();
        changed["ServiceRequest"]!["Description"] = new JsonObject { ["value"] = "改写的诉求内容" };
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/content/{id}", new { concurrencyStamp = stamp, content = changed, publish = true }));
        await AssertRefusedAsync(await admin.PostAsync($"/api/content/{id}/unpublish", null));
        await AssertRefusedAsync(await admin.PostAsync($"/api/content/{id}/publish", null));
        await AssertRefusedAsync(await admin.DeleteAsync($"/api/content/{id}"));
        await AssertRefusedAsync(await admin.PostAsync($"/api/content/{id}/restore", null));
        await AssertRefusedAsync(await admin.PostAsync($"/api/content/{id}/versions/{versionId}/restore", null));
        await AssertRefusedAsync(await admin.PostAsJsonAsync("/api/content/ServiceRequest", new { content = changed, published = true }));

        // Nothing changed: same stamp, same text, still published, no new item of the type.
        var after = (await admin.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!;
        Assert.Equal(stamp, after["concurrencyStamp"]!.GetValue<string>());
        Assert.Equal(description, after["content"]!["ServiceRequest"]!["Description"]!["value"]!.GetValue<string>());
        Assert.True(after["published"]!.GetValue<bool>());
        var list = (await admin.GetFromJsonAsync<JsonObject>("/api/content?type=ServiceRequest"))!;
        Assert.Equal(1, list["total"]!.GetValue<int>());

        // The module's own services still write: the pipeline dispatches the request and registers another.
        var dispatched = await staff.PostAsJsonAsync($"/api/service-requests/{id}/dispatch", new { windowCode = Window });
        Assert.True(dispatched.IsSuccessStatusCode, await dispatched.Content.ReadAsStringAsync());
        var (second, _) = await RegisterAsync(staff, "李建国");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/content/{second}")).StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Dashboard_editor_shows_a_service_request_read_only_and_refuses_its_forms(DatabaseKind kind)
    {
        await using var factory = await CreateSeededAsync(kind);
        using var staff = await factory.CreateApiClientAsync(Dispatcher, JurisdictionTestUsers.Password);
        var (id, _) = await RegisterAsync(staff);
        using var browser = factory.CreateBrowserlikeClient();
        await GrassrootsFactory.SignInAsync(browser);
        var url = $"/admin/content/item/{Uri.EscapeDataString(id)}";

        var display = await JurisdictionTestUsers.PageAsync(browser, url);
        Assert.Contains("此类内容由「流水线服务」模块管理", display);
        Assert.DoesNotContain($"href=\"{url}/edit\"", display);
        Assert.DoesNotContain($"action=\"{url}/delete\"", display);
        Assert.DoesNotContain($"action=\"{url}/unpublish\"", display);

        // The edit form is not offered: back to the item with the reason.
        var edit = await browser.GetAsync(url + "/edit");
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.Equal(url, edit.Headers.Location!.ToString());

        // A forged delete is refused the same way; the item stays.
        var delete = await browser.PostAsync(url + "/delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = JurisdictionTestUsers.Token(display),
        }));
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        var flash = await JurisdictionTestUsers.PageAsync(browser, url);
        Assert.Contains("「群众诉求」由「流水线服务」模块管理", flash);
        using var admin = await factory.CreateApiClientAsync();
        var item = (await admin.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!;
        Assert.False(item["deleted"]?.GetValue<bool>() ?? false);
        Assert.True(item["published"]!.GetValue<bool>());

        // The type editor names the owner, read-only; an API round trip of the definition keeps it.
        var typePage = await JurisdictionTestUsers.PageAsync(browser, "/admin/content-types/ServiceRequest");
        Assert.Contains("所属模块", typePage);
        Assert.Contains("流水线服务（Grassroots.ServiceRequests）", typePage);
        var definition = (await admin.GetFromJsonAsync<JsonObject>("/api/content-types/ServiceRequest"))!;
        Assert.Equal("Grassroots.ServiceRequests", definition["settings"]!["ownedBy"]!.GetValue<string>());
        definition["settings"]!.AsObject().Remove("ownedBy");
        Assert.True((await admin.PutAsJsonAsync("/api/content-types/ServiceRequest", definition)).IsSuccessStatusCode);
        definition = (await admin.GetFromJsonAsync<JsonObject>("/api/content-types/ServiceRequest"))!;
        Assert.Equal("Grassroots.ServiceRequests", definition["settings"]!["ownedBy"]!.GetValue<string>());
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Post_to_a_type_that_is_not_creatable_is_refused(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var admin = await factory.CreateApiClientAsync();
        var type = new JsonObject
        {
            ["name"] = "ArchivedRecord",
            ["displayName"] = "归档记录",
            ["settings"] = new JsonObject { ["creatable"] = false, ["listable"] = true },
            ["fields"] = new JsonArray(new JsonObject { ["name"] = "Title", ["displayName"] = "标题", ["kind"] = "Text" }),
        };
        Assert.True((await admin.PutAsJsonAsync("/api/content-types/ArchivedRecord", type)).IsSuccessStatusCode);

        var response = await admin.PostAsJsonAsync("/api/content/ArchivedRecord",
            new { content = new JsonObject { ["ArchivedRecord"] = new JsonObject { ["Title"] = Value("不应创建") } } });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("内容类型「归档记录」不允许新建内容项。", problem["detail"]!.GetValue<string>());
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonObject>("/api/content?type=ArchivedRecord"))!["total"]!.GetValue<int>());

        // A creatable type still accepts new items.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/content/Notice", new
        {
            content = new JsonObject { ["Notice"] = new JsonObject { ["Title"] = Value("仍可创建"), ["Body"] = Value("<p>正文</p>") } },
        })).StatusCode);
    }

    private static JsonObject Value(string text) => new() { ["value"] = text };

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(OwnedTitle, problem["title"]!.GetValue<string>());
        Assert.Contains("「群众诉求」由「流水线服务」模块管理", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
