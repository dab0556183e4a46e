using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grassroots.Tests.Infrastructure;

namespace Grassroots.Tests.Search;

/// <summary>The per-field search settings (全文检索 / 存储 / 精确匹配) in the editor, the API and the recipe step.</summary>
public sealed partial class FieldSearchSettingsTests
{
    private const string Recipe = """
        {
          "name": "search-settings",
          "steps": [
            { "name": "ContentDefinition", "ContentTypes": [
              { "name": "SearchNote", "displayName": "检索便签", "settings": { "creatable": true, "listable": true },
                "fields": [
                  { "name": "Title", "displayName": "标题", "kind": "Text", "settings": { "search": { "included": true, "stored": true, "keyword": false } } },
                  { "name": "Code", "displayName": "编号", "kind": "Text", "settings": { "search": { "included": false, "stored": false, "keyword": true } } }
                ] }
            ] }
          ]
        }
        """;

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Recipe_and_api_round_trip_the_search_settings(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = await factory.CreateApiClientAsync();

        var run = await client.PostAsync("/api/recipes", new StringContent(Recipe, Encoding.UTF8, "application/json"));
        Assert.True(run.IsSuccessStatusCode, await run.Content.ReadAsStringAsync());

        var type = await client.GetFromJsonAsync<JsonObject>("/api/content-types/SearchNote");
        var fields = type!["fields"]!.AsArray();
        var title = fields.Single(f => (string?)f!["name"] == "Title")!["settings"]!["search"]!;
        Assert.True((bool)title["included"]!);
        Assert.True((bool)title["stored"]!);
        Assert.False((bool)title["keyword"]!);
        var code = fields.Single(f => (string?)f!["name"] == "Code")!["settings"]!["search"]!;
        Assert.False((bool)code["included"]!);
        Assert.True((bool)code["keyword"]!);

        // What the API returns can be put back unchanged and reads the same.
        Assert.True((await client.PutAsJsonAsync("/api/content-types/SearchNote", type)).IsSuccessStatusCode);
        var again = await client.GetFromJsonAsync<JsonObject>("/api/content-types/SearchNote");
        Assert.Equal(type.ToJsonString(), again!.ToJsonString());

        // Changed through the API.
        code["stored"] = true;
        Assert.True((await client.PutAsJsonAsync("/api/content-types/SearchNote", type)).IsSuccessStatusCode);
        var changed = await client.GetFromJsonAsync<JsonObject>("/api/content-types/SearchNote");
        Assert.True((bool)changed!["fields"]!.AsArray().Single(f => (string?)f!["name"] == "Code")!["settings"]!["search"]!["stored"]!);
    }

    [Fact]
    public async Task Field_editor_shows_and_saves_the_three_checkboxes()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var api = await factory.CreateApiClientAsync();
        using var client = factory.CreateBrowserlikeClient();
        var login = await PostFormAsync(client, "/login", "/login", new()
        {
            ["UserName"] = GrassrootsFactory.AdminUserName,
            ["Password"] = GrassrootsFactory.AdminPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        const string page = "/admin/content-types/Notice/fields/Title";
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(page));
        Assert.Contains("全文检索", html);
        Assert.Contains("精确匹配", html);
        Assert.Contains("敏感信息字段不会以明文建立索引或存储", html);
        // Defaults: included, not stored, not keyword.
        Assert.Matches("<input[^>]*checked=\"checked\"[^>]*name=\"Form.SearchIncluded\"|<input[^>]*name=\"Form.SearchIncluded\"[^>]*checked=\"checked\"", html);

        var type = await api.GetFromJsonAsync<JsonObject>("/api/content-types/Notice");
        var title = type!["fields"]!.AsArray().Single(f => (string?)f!["name"] == "Title")!;
        var saved = await PostFormAsync(client, page, page, new()
        {
            ["Form.DisplayName"] = (string)title["displayName"]!,
            ["Form.Required"] = (bool?)title["settings"]?["required"] == true ? "true" : "false",
            ["Form.SearchIncluded"] = "false",
            ["Form.SearchStored"] = "true",
            ["Form.SearchKeyword"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        type = await api.GetFromJsonAsync<JsonObject>("/api/content-types/Notice");
        var search = type!["fields"]!.AsArray().Single(f => (string?)f!["name"] == "Title")!["settings"]!["search"]!;
        Assert.False((bool)search["included"]!);
        Assert.True((bool)search["stored"]!);
        Assert.True((bool)search["keyword"]!);

        var after = await client.GetStringAsync(page);
        Assert.Matches("<input[^>]*name=\"Form.SearchStored\"[^>]*checked=\"checked\"|<input[^>]*checked=\"checked\"[^>]*name=\"Form.SearchStored\"", after);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, Dictionary<string, string> values)
    {
        var html = await client.GetStringAsync(formPage);
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, "antiforgery token on " + formPage);
        values["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
