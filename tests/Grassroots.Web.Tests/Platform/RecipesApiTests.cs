using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Data;
using Grassroots.OrgUnits;
using Grassroots.Settings;
using Grassroots.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Platform;

public sealed class RecipesApiTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private const string BadThirdStep = """
        {
          "name": "bad-third-step",
          "steps": [
            { "name": "orgUnits", "units": [ { "code": "37072500103603", "name": "恒盛社区第三网格", "level": "grid", "parentCode": "370725001036" } ] },
            { "name": "settings", "RecipeTestMarker": "step-two" },
            { "name": "ContentDefinition", "ContentTypes": [
              { "name": "FirstOfStepThree", "displayName": "第三步第一个类型", "fields": [ { "name": "Title", "displayName": "标题", "kind": "Text" } ] },
              { "name": "SecondOfStepThree", "displayName": "第三步第二个类型", "fields": [ { "name": "Odd", "displayName": "奇怪字段", "kind": "Nope" } ] }
            ] }
          ]
        }
        """;

    private const string Good = """
        {
          "name": "good-twice",
          "steps": [
            { "name": "orgUnits", "units": [
              { "code": "37072500103609", "name": "恒盛社区测试网格", "level": "grid", "parentCode": "370725001036" },
              { "code": "3707250010360901", "name": "测试专项网格", "level": "specialGrid", "parentCode": "37072500103609" }
            ] },
            { "name": "ContentDefinition", "ContentTypes": [
              { "name": "RecipeNote", "displayName": "配方便签", "settings": { "creatable": true, "listable": true },
                "fields": [ { "name": "Title", "displayName": "标题", "kind": "Text", "settings": { "required": true } } ] }
            ] },
            { "name": "content", "data": [
              { "contentItemId": "recipe-note-0001", "contentType": "RecipeNote", "orgUnitCode": "37072500103609", "published": true,
                "content": { "RecipeNote": { "Title": "第一条便签" } } }
            ] }
          ]
        }
        """;

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_failing_step_is_reported_and_rolled_back_while_earlier_steps_stay(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = await factory.CreateApiClientAsync();

        var response = await client.PostAsync("/api/recipes?fileName=bad.recipe.json", Json(BadThirdStep));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("bad.recipe.json", problem!["fileName"]!.GetValue<string>());
        Assert.Equal(3, problem["stepNumber"]!.GetValue<int>());
        Assert.Equal("ContentDefinition", problem["stepName"]!.GetValue<string>());
        Assert.Equal("$.steps[2].ContentTypes[1].fields[0].kind", problem["jsonPath"]!.GetValue<string>());
        Assert.Contains("Nope", problem["detail"]!.GetValue<string>());

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        Assert.True(await db.Set<OrgUnit>().AnyAsync(u => u.Code == "37072500103603"));
        var site = await scope.ServiceProvider.GetRequiredService<ISiteSettingsStore>().GetAsync(ISiteSettingsStore.Site);
        Assert.Equal("step-two", site["RecipeTestMarker"]!.GetValue<string>());
        var definitions = scope.ServiceProvider.GetRequiredService<IContentDefinitionManager>();
        Assert.Null(await definitions.GetTypeDefinitionAsync("FirstOfStepThree"));
        Assert.Null(await definitions.GetTypeDefinitionAsync("SecondOfStepThree"));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Running_a_recipe_twice_creates_nothing_twice(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = await factory.CreateApiClientAsync();

        int before;
        using (var scope = factory.Services.CreateScope())
        {
            before = await scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext.Set<OrgUnit>().CountAsync();
        }

        for (var run = 0; run < 2; run++)
        {
            var response = await client.PostAsync("/api/recipes", Json(Good));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal("good-twice", body!["recipeName"]!.GetValue<string>());
            Assert.Equal(3, body["stepsExecuted"]!.GetValue<int>());
        }

        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
            Assert.Equal(before + 2, await db.Set<OrgUnit>().CountAsync());
            var special = await db.Set<OrgUnit>().SingleAsync(u => u.Code == "3707250010360901");
            Assert.Equal(OrgUnitLevel.SpecialGrid, special.Level);
            Assert.Equal("/370725/370725001/370725001036/37072500103609/3707250010360901/", special.Path);
            var versions = await db.Set<ContentItemRecord>().Where(r => r.ContentItemId == "recipe-note-0001").ToListAsync();
            var version = Assert.Single(versions);
            Assert.True(version.Published);
            Assert.Equal("37072500103609", version.OrgUnitCode);
        }
    }

    [Fact]
    public async Task A_recipe_can_be_uploaded_as_a_file_and_bad_json_names_the_file()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = await factory.CreateApiClientAsync();

        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(Good)), "file", "good.recipe.json");
        var ok = await client.PostAsync("/api/recipes", form);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var bad = await client.PostAsync("/api/recipes?fileName=broken.json", Json("{ \"name\": \"x\", \"steps\": [ "));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("broken.json", problem!["fileName"]!.GetValue<string>());
        Assert.Equal(0, problem["stepNumber"]!.GetValue<int>());
    }
}
