using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Workflows;

/// <summary>
/// Liquid templates that build JSON (the "create content" fields and the HTTP request body) escape every value, so a value
/// from user content cannot change the JSON structure; template output is bounded. Driven through the real app: an item
/// posted to <c>/api/content</c> starts the workflow.
/// </summary>
public sealed class JsonTemplateTests
{
    private const string Hook = "https://hooks.example.test/in";

    /// <summary>A title that closes the JSON string and adds a member (today's templates would take it as a field).</summary>
    private const string Hostile = "x\", \"Notice.ValidUntil\": \"2000-01-01";

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_hostile_value_stays_one_string_in_created_content_and_in_the_http_body(DatabaseKind kind)
    {
        var hook = new RecordingHandler();
        await using var factory = await GrassrootsFactory.CreateAsync(kind, services =>
            services.AddHttpClient("Grassroots.Workflows.HttpRequest").ConfigurePrimaryHttpMessageHandler(() => hook),
            new Dictionary<string, string?> { ["Workflows:Http:AllowedHosts:0"] = "hooks.example.test" });
        using var admin = await factory.CreateApiClientAsync();
        await DefineSourceTypeAsync(admin);
        await SaveWorkflowAsync(admin, "json-safe", new JsonObject
        {
            ["id"] = "http", ["type"] = "HttpRequest", ["x"] = 240, ["y"] = 40,
            ["properties"] = new JsonObject
            {
                ["Url"] = Hook,
                ["Method"] = "POST",
                ["Body"] = "{\"title\": \"{{ contentItem.displayText }}\", \"id\": {{ contentItem.contentItemId | json }}, \"len\": {{ contentItem.displayText | size }}}",
                ["endedOutcomes"] = "Failure",
            },
        }, new JsonObject
        {
            ["id"] = "copy", ["type"] = "CreateContent", ["x"] = 440, ["y"] = 40,
            ["properties"] = new JsonObject
            {
                ["ContentType"] = "Notice",
                ["Fields"] = "{\"Notice.Title\": \"副本：{{ contentItem.displayText }}\", \"Notice.Body\": \"<p>固定正文</p>\"}",
                ["OrgUnit"] = "same",
                ["endedOutcomes"] = "Done",
            },
        }, ("http", "Success", "copy"));

        var source = await CreateSourceAsync(admin, Hostile);

        // The HTTP body is valid JSON with exactly the template's members; the title is the value, unchanged.
        var sent = Assert.Single(hook.Bodies);
        var body = JsonNode.Parse(sent)!.AsObject();
        Assert.Equal(["title", "id", "len"], body.Select(p => p.Key));
        Assert.Equal(Hostile, body["title"]!.GetValue<string>());
        Assert.Equal(source, body["id"]!.GetValue<string>());
        Assert.Equal(Hostile.Length, body["len"]!.GetValue<int>());

        // The created Notice has the whole value in its title and no injected field.
        var notices = (await admin.GetFromJsonAsync<JsonObject>("/api/content?type=Notice&q=" + Uri.EscapeDataString("副本")))!["items"]!.AsArray();
        var copyId = Assert.Single(notices)!["contentItemId"]!.GetValue<string>();
        var copy = (await admin.GetFromJsonAsync<JsonObject>($"/api/content/{copyId}"))!["content"]!["Notice"]!.AsObject();
        Assert.Equal("副本：" + Hostile, copy["Title"]!["value"]!.GetValue<string>());
        Assert.True(copy["ValidUntil"]?["value"] is null, copy.ToJsonString());
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Template_output_over_the_limit_faults_the_activity_with_a_clear_message(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var admin = await factory.CreateApiClientAsync();
        await DefineSourceTypeAsync(admin);

        // 2,000 × 40 characters = 80,000 > the default 65,536.
        await SaveWorkflowAsync(admin, "too-big", new JsonObject
        {
            ["id"] = "copy", ["type"] = "CreateContent", ["x"] = 240, ["y"] = 40,
            ["properties"] = new JsonObject
            {
                ["ContentType"] = "Notice",
                ["Fields"] = "{\"Notice.Title\": \"{% for i in (1..2000) %}0123456789012345678901234567890123456789{% endfor %}\"}",
                ["endedOutcomes"] = "Done",
            },
        });

        var source = await CreateSourceAsync(admin, "普通标题");
        var faulted = (await admin.GetFromJsonAsync<JsonObject>($"/api/workflows?status=faulted&correlationId={source}"))!;
        var instance = Assert.Single(faulted["items"]!.AsArray())!;
        Assert.Contains("模板输出超过上限 65,536 个字符（配置项 Workflows:Templates:MaxOutputLength）", instance["faultMessage"]!.GetValue<string>(),
            StringComparison.Ordinal);
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonObject>("/api/content?type=Notice&q=0123456789"))!["total"]!.GetValue<int>());
    }

    private static async Task DefineSourceTypeAsync(HttpClient admin)
    {
        var type = new JsonObject
        {
            ["name"] = "WfSource",
            ["displayName"] = "工作流来源",
            ["fields"] = new JsonArray(new JsonObject
            {
                ["name"] = "Title", ["displayName"] = "标题", ["kind"] = "Text", ["settings"] = new JsonObject { ["maxLength"] = 150 },
            }),
        };
        var saved = await admin.PutAsJsonAsync("/api/content-types/WfSource", type);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
    }

    /// <summary>ContentCreated(WfSource) → the first activity given, then the transitions (source, outcome, destination).</summary>
    private static async Task SaveWorkflowAsync(HttpClient admin, string id, JsonObject first, JsonObject? second = null,
        (string From, string Outcome, string To)? link = null)
    {
        var activities = new JsonArray(new JsonObject
        {
            ["id"] = "created", ["type"] = "ContentCreated", ["isStart"] = true, ["x"] = 40, ["y"] = 40,
            ["properties"] = new JsonObject { ["ContentTypes"] = "WfSource" },
        }, first);
        var transitions = new JsonArray(new JsonObject { ["sourceId"] = "created", ["outcome"] = "Done", ["destinationId"] = first["id"]!.GetValue<string>() });
        if (second is not null && link is { } l)
        {
            activities.Add(second);
            transitions.Add(new JsonObject { ["sourceId"] = l.From, ["outcome"] = l.Outcome, ["destinationId"] = l.To });
        }

        var saved = await admin.PutAsJsonAsync($"/api/workflow-types/{id}", new JsonObject
        {
            ["id"] = id, ["name"] = id, ["activities"] = activities, ["transitions"] = transitions,
        });
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
    }

    private static async Task<string> CreateSourceAsync(HttpClient admin, string title)
    {
        var created = await admin.PostAsJsonAsync("/api/content/WfSource", new
        {
            published = true,
            content = new JsonObject { ["WfSource"] = new JsonObject { ["Title"] = new JsonObject { ["value"] = title } } },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonObject>())!["contentItemId"]!.GetValue<string>();
    }

    /// <summary>Stands in for the remote endpoint: records each request body and answers 200.</summary>
    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Add(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"ok\":true}") };
        }
    }
}
