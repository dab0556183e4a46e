using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Commands;
using Grassroots.ContentManagement;
using Grassroots.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.ContentTypes;

public sealed class ContentTypesApiTests
{
    private static JsonObject VisitRecord() => JsonNode.Parse("""
        {
          "name": "Ignored",
          "displayName": "走访记录",
          "fields": [
            { "name": "Title", "displayName": "标题", "kind": "Text", "settings": { "required": true } },
            { "name": "Count", "displayName": "走访户数", "kind": "Number", "settings": { "max": 100 } }
          ]
        }
        """)!.AsObject();

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Type_defined_through_the_API_validates_items(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = await factory.CreateApiClientAsync();

        var created = await client.PutAsJsonAsync("/api/content-types/VisitRecord", VisitRecord());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var again = await client.PutAsJsonAsync("/api/content-types/VisitRecord", VisitRecord());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var type = await client.GetFromJsonAsync<JsonObject>("/api/content-types/VisitRecord");
        Assert.Equal("VisitRecord", type!["name"]!.GetValue<string>());
        Assert.Equal("走访记录", type["displayName"]!.GetValue<string>());
        Assert.True(type["fields"]![0]!["settings"]!["required"]!.GetValue<bool>());
        Assert.Equal(100m, type["fields"]![1]!["settings"]!["max"]!.GetValue<decimal>());

        var list = await client.GetFromJsonAsync<JsonArray>("/api/content-types");
        Assert.Contains(list!, t => t!["name"]!.GetValue<string>() == "VisitRecord");

        var kinds = await client.GetFromJsonAsync<JsonArray>("/api/field-kinds");
        Assert.Contains(kinds!, k => k!["name"]!.GetValue<string>() == "Number" && k["displayName"]!.GetValue<string>() == "数字");

        using var scope = factory.Services.CreateScope();
        var contents = scope.ServiceProvider.GetRequiredService<IContentManager>();
        var item = await contents.NewAsync("VisitRecord");
        item.OrgUnitCode = "370725";
        item.SetFieldValue("VisitRecord", "Title", JsonValue.Create("东村走访"));
        item.SetFieldValue("VisitRecord", "Count", JsonValue.Create(150));
        var result = await contents.CreateAsync(item, VersionOptions.Published);
        Assert.Equal(CommandStatus.Invalid, result.Status);
        var messages = result.Errors.SelectMany(e => e.Value).ToList();
        Assert.Contains(messages, m => m.Contains("走访户数", StringComparison.Ordinal) && m.Contains("不能大于", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_definition_is_refused_with_the_paths_of_the_errors()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = await factory.CreateApiClientAsync();
        var body = JsonNode.Parse("""
            { "displayName": "坏类型", "fields": [
              { "name": "Ok", "displayName": "好", "kind": "Text" },
              { "name": "1bad", "displayName": "坏", "kind": "NoSuchKind" } ] }
            """);

        var response = await client.PutAsJsonAsync("/api/content-types/Bad", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        var errors = problem!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("fields[1].kind"));
        Assert.True(errors.ContainsKey("fields[1].name"));
        Assert.Contains("NoSuchKind", errors["fields[1].kind"]![0]!.GetValue<string>());

        var badName = await client.PutAsJsonAsync("/api/content-types/9-bad", new { displayName = "名字不对" });
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        var nameProblem = await badName.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(nameProblem!["errors"]!.AsObject().ContainsKey("name"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/content-types/Bad")).StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Type_with_items_cannot_be_deleted_but_an_empty_one_can(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = await factory.CreateApiClientAsync();

        var refused = await client.DeleteAsync("/api/content-types/Notice");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.NotNull(await client.GetFromJsonAsync<JsonObject>("/api/content-types/Notice"));

        Assert.Equal(HttpStatusCode.Created, (await client.PutAsJsonAsync("/api/content-types/VisitRecord", VisitRecord())).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/content-types/VisitRecord")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/content-types/VisitRecord")).StatusCode);

        var partInUse = await client.DeleteAsync("/api/content-parts/ContactPart");
        Assert.Equal(HttpStatusCode.Conflict, partInUse.StatusCode);
    }
}
