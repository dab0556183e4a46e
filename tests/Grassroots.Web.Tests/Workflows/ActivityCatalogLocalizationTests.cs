using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grassroots.Tests.Infrastructure;

namespace Grassroots.Tests.Workflows;

/// <summary>The designer's activity palette is fully translated in English and stays Chinese in zh-CN.</summary>
public sealed partial class ActivityCatalogLocalizationTests
{
    [Fact]
    public async Task English_activity_catalog_has_no_Chinese_labels()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = await factory.CreateApiClientAsync();

        var response = await client.GetAsync("/api/workflow-activities?culture=en");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var activities = (await response.Content.ReadFromJsonAsync<JsonArray>())!.Select(a => a!.AsObject()).ToList();
        Assert.True(activities.Count >= 20, $"Only {activities.Count} activities listed.");

        var offenders = new List<string>();
        foreach (var activity in activities)
        {
            var name = (string)activity["name"]!;
            Check(offenders, $"{name}.category", activity["category"]);
            Check(offenders, $"{name}.displayName", activity["displayName"]);
            foreach (var outcome in activity["outcomes"]!.AsArray())
            {
                Check(offenders, $"{name}.outcomes[{outcome!["name"]}]", outcome["displayName"]);
            }

            foreach (var property in activity["properties"]!.AsArray())
            {
                var path = $"{name}.{property!["name"]}";
                Check(offenders, $"{path}.displayName", property["displayName"]);
                Check(offenders, $"{path}.hint", property["hint"]);
                foreach (var option in property["options"]?.AsArray() ?? [])
                {
                    Check(offenders, $"{path}.options[{option!["name"]}]", option["displayName"]);
                }
            }
        }

        Assert.True(offenders.Count == 0, "Untranslated activity labels:" + Environment.NewLine + string.Join(Environment.NewLine, offenders));

        // Context-specific entries win over the shared (plural) ones, and Liquid braces survive untouched.
        var userTask = activities.Single(a => (string)a["name"]! == "UserTask");
        Assert.Equal("User task", (string)userTask["displayName"]!);
        Assert.Equal("Role", (string)Property(userTask, "Role")["displayName"]!);
        Assert.Contains("{{ contentItem.displayText }}", (string)Property(userTask, "Title")["hint"]!, StringComparison.Ordinal);
        var createContent = activities.Single(a => (string)a["name"]! == "CreateContent");
        Assert.Equal("Create content", (string)createContent["displayName"]!);
        Assert.Equal("{\"Notice.Title\": \"{{ contentItem.displayText }}\"}",
            ((string)Property(createContent, "Fields")["hint"]!).Split("e.g. ")[1]);
    }

    [Fact]
    public async Task Chinese_activity_catalog_keeps_source_strings()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = await factory.CreateApiClientAsync();

        var activities = (await client.GetFromJsonAsync<JsonArray>("/api/workflow-activities?culture=zh-CN"))!;
        var userTask = activities.Single(a => (string)a!["name"]! == "UserTask")!;
        Assert.Equal("用户任务", (string)userTask["displayName"]!);
        Assert.Equal("任务", (string)userTask["category"]!);
        Assert.Equal("角色", (string)Property(userTask.AsObject(), "Role")["displayName"]!);
    }

    private static JsonObject Property(JsonObject activity, string name) =>
        activity["properties"]!.AsArray().Single(p => (string)p!["name"]! == name)!.AsObject();

    private static void Check(List<string> offenders, string path, JsonNode? value)
    {
        if (value is not null && (string)value! is { } text && Cjk().IsMatch(text))
        {
            offenders.Add($"{path}: {text}");
        }
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();
}
