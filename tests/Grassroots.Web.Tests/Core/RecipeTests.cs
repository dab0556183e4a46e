using System.Text;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Data;
using Grassroots.OrgUnits;
using Grassroots.Recipes;
using Grassroots.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Core;

public sealed class RecipeTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_failing_third_step_is_rolled_back_whole_and_reported_with_its_path(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        const string recipe = """
            {
              "name": "bad-third",
              "steps": [
                { "name": "orgUnits", "units": [ { "code": "37072510727799", "name": "测试网格", "level": "grid", "parentCode": "370725107277" } ] },
                { "name": "ContentDefinition", "ContentTypes": [ { "name": "StepTwoType", "displayName": "第二步类型", "fields": [ { "name": "Title", "displayName": "标题", "kind": "Text" } ] } ] },
                { "name": "ContentDefinition", "ContentTypes": [
                    { "name": "StepThreeGood", "displayName": "第三步正确类型", "fields": [ { "name": "Title", "displayName": "标题", "kind": "Text" } ] },
                    { "name": "StepThreeBad", "displayName": "第三步错误类型", "fields": [ { "name": "Title", "displayName": "标题", "kind": "NoSuchKind" } ] }
                ] }
              ]
            }
            """;

        var ex = await RunFailingAsync(factory, recipe);
        Assert.Equal(3, ex.StepNumber);
        Assert.Equal("ContentDefinition", ex.StepName);
        Assert.Equal("$.steps[2].ContentTypes[1].fields[0].kind", ex.JsonPath);
        Assert.Contains("NoSuchKind", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ContentDefinition", ex.Message, StringComparison.Ordinal);

        await using var scope = factory.Services.CreateAsyncScope();
        var definitions = scope.ServiceProvider.GetRequiredService<IContentDefinitionManager>();
        Assert.Null(await definitions.GetTypeDefinitionAsync("StepThreeGood"));
        Assert.Null(await definitions.GetTypeDefinitionAsync("StepThreeBad"));
        Assert.NotNull(await definitions.GetTypeDefinitionAsync("StepTwoType"));
        var grid = await scope.ServiceProvider.GetRequiredService<IOrgUnitService>().GetAsync("37072510727799");
        Assert.NotNull(grid);
        Assert.Equal("/370725/370725107/370725107277/37072510727799/", grid.Path);

        // The failed run is recorded.
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        var run = await db.Set<RecipeRunRecord>().AsNoTracking().SingleAsync(r => r.RecipeName == "bad-third");
        Assert.False(run.Succeeded);
        Assert.Contains("NoSuchKind", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Content_items_in_recipes_need_an_id(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        var ex = await RunFailingAsync(factory, """
            { "name": "no-id", "steps": [ { "name": "content", "data": [ { "contentType": "Notice", "content": {} } ] } ] }
            """);
        Assert.Equal(1, ex.StepNumber);
        Assert.Equal("content", ex.StepName);
        Assert.Equal("$.steps[0].data[0].contentItemId", ex.JsonPath);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Malformed_json_unknown_steps_and_unknown_features_are_reported(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);

        var malformed = await RunFailingAsync(factory, """{ "name": "broken", "steps": [ { "name": "feature", """);
        Assert.Equal(0, malformed.StepNumber);
        Assert.StartsWith("$", malformed.JsonPath, StringComparison.Ordinal);

        var unknown = await RunFailingAsync(factory, """{ "name": "unknown", "steps": [ { "name": "launchRockets" } ] }""");
        Assert.Equal(1, unknown.StepNumber);
        Assert.Contains("launchRockets", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("$.steps[0].name", unknown.JsonPath);

        var feature = await RunFailingAsync(factory, """{ "name": "bad-feature", "steps": [ { "name": "feature", "enable": [ "Grassroots.NoSuchFeature" ] } ] }""");
        Assert.Equal(1, feature.StepNumber);
        Assert.Equal("$.steps[0].enable[0]", feature.JsonPath);
        Assert.Contains("Grassroots.NoSuchFeature", feature.Message, StringComparison.Ordinal);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Running_a_good_recipe_twice_creates_nothing_twice(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        const string recipe = """
            {
              "name": "good",
              "steps": [
                { "name": "orgUnits", "units": [ { "code": "37072510727798", "name": "复跑网格", "level": "grid", "parentCode": "370725107277" } ] },
                { "name": "ContentDefinition", "ContentTypes": [ { "name": "RerunType", "displayName": "复跑类型", "fields": [ { "name": "Title", "displayName": "标题", "kind": "Text", "settings": { "required": true } } ] } ] },
                { "name": "content", "data": [ { "contentItemId": "rerun-item-0001", "contentType": "RerunType", "orgUnitCode": "37072510727798",
                    "content": { "RerunType": { "Title": { "value": "复跑内容" } } } } ] }
              ]
            }
            """;
        var bytes = Encoding.UTF8.GetBytes(recipe);

        int unitsAfterFirst;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<IRecipeExecutor>().ExecuteAsync("good.recipe.json", bytes, null, "test");
            Assert.Equal(3, result.StepsExecuted);
            unitsAfterFirst = await scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext.Set<OrgUnit>().CountAsync();
            Assert.Equal(406, unitsAfterFirst);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<IRecipeExecutor>().ExecuteAsync("good.recipe.json", bytes, null, "test");
            Assert.Equal(3, result.StepsExecuted);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var content = scope.ServiceProvider.GetRequiredService<IContentManager>();
            var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
            Assert.Equal(unitsAfterFirst, await db.Set<OrgUnit>().CountAsync());
            var versions = await content.GetVersionsAsync("rerun-item-0001");
            var only = Assert.Single(versions);
            Assert.True(only.Published);
            Assert.Equal("复跑内容", only.DisplayText);
            Assert.Equal(1, await content.Query().CountAsync(r => r.ContentType == "RerunType"));
            Assert.Equal("/370725/370725107/370725107277/37072510727798/",
                (await content.Query().SingleAsync(r => r.ContentItemId == "rerun-item-0001")).OrgPath);
            Assert.Equal(2, await db.Set<RecipeRunRecord>().CountAsync(r => r.RecipeName == "good" && r.Succeeded));
        }
    }

    private static async Task<RecipeException> RunFailingAsync(GrassrootsFactory factory, string recipe)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var executor = scope.ServiceProvider.GetRequiredService<IRecipeExecutor>();
        return await Assert.ThrowsAsync<RecipeException>(() => executor.ExecuteAsync("test.recipe.json", Encoding.UTF8.GetBytes(recipe), null, "test"));
    }
}
