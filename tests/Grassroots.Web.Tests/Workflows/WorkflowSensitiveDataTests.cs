using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.Data;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Security;
using Grassroots.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Workflows;

/// <summary>
/// Workflow screens and APIs show personal data masked (task inbox, instance input, variables, history) unless the
/// item is revealed, and definitions with their secrets redacted to users who may not edit workflow types.
/// </summary>
public sealed class WorkflowSensitiveDataTests
{
    private const string Secret = "Bearer s3cr3t-9f8e7d";
    private const string Token = "tok-1234567";

    /// <summary>On a new household: copy its name and phone into a variable, then a task titled with the name.</summary>
    private static JsonObject VerifyType() => new()
    {
        ["id"] = "household-verify",
        ["name"] = "困难家庭核实",
        ["activities"] = new JsonArray(
            EngineTests.Activity("created", "ContentCreated", new JsonObject { ["ContentTypes"] = MaskedHousehold.Type }, isStart: true),
            EngineTests.Activity("copy", "SetProperty", new JsonObject
            {
                ["PropertyName"] = "contact",
                ["Syntax"] = "liquid",
                ["Expression"] = "{{ contentItem.displayText }} {{ contentItem.content.Household.Phone.value }} {{ contentItem.content.Household.IdNumber.value }}",
            }),
            EngineTests.Activity("check", "UserTask", new JsonObject
            {
                ["Title"] = "核实：{{ contentItem.displayText }}（{{ contentItem.content.Household.Phone.value }}）",
                ["Description"] = "请入户核实家庭情况",
                ["Outcomes"] = "完成",
                ["AssigneeKind"] = "role",
                ["Role"] = "VillageStaff",
                ["OrgLevel"] = "same",
                ["endedOutcomes"] = "完成",
            })),
        ["transitions"] = new JsonArray(
            EngineTests.Transition("created", "Done", "copy"),
            EngineTests.Transition("copy", "Done", "check")),
    };

    /// <summary>On a new household: push it to a county system with an Authorization header and a token in the URL.</summary>
    private static JsonObject PushType() => new()
    {
        ["id"] = "household-push",
        ["name"] = "困难家庭推送",
        ["activities"] = new JsonArray(
            EngineTests.Activity("created", "ContentCreated", new JsonObject { ["ContentTypes"] = MaskedHousehold.Type }, isStart: true),
            EngineTests.Activity("push", "HttpRequest", new JsonObject
            {
                ["Url"] = $"https://api.example.gov.cn/push?access_token={Token}&from=grassroots",
                ["Method"] = "POST",
                ["Headers"] = $"Authorization: {Secret}\nX-Trace: abc",
                ["endedOutcomes"] = "Success,Failure",
            })),
        ["transitions"] = new JsonArray(EngineTests.Transition("created", "Done", "push")),
    };

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Task_inbox_and_instance_views_mask_sensitive_values_until_the_item_is_revealed(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await MaskedHousehold.DefineAsync(factory);
        using var admin = await factory.CreateApiClientAsync();
        var saved = await admin.PutAsJsonAsync("/api/workflow-types/household-verify", VerifyType());
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        await JurisdictionTestUsers.CreateAsync(factory, "tbp-clerk", MaskedHousehold.Village, "VillageStaff");
        await JurisdictionTestUsers.CreateAsync(factory, "town-staff", "370725107", "TownStaff");
        var id = await MaskedHousehold.CreateAsync(factory);

        // 我的待办 (API and screen) for a clerk without 查看敏感信息.
        using var clerk = await factory.CreateApiClientAsync("tbp-clerk", JurisdictionTestUsers.Password);
        var task = Assert.Single((await clerk.GetFromJsonAsync<JsonArray>("/api/tasks"))!)!;
        Assert.Equal($"核实：{MaskedHousehold.MaskedName}（{MaskedHousehold.MaskedPhone}）", (string?)task["title"]);
        Assert.Equal(MaskedHousehold.MaskedName, (string?)task["contentItemTitle"]);
        using var browser = await JurisdictionTestUsers.LoginAsync(factory, "tbp-clerk");
        var inbox = await JurisdictionTestUsers.PageAsync(browser, "/admin/tasks");
        Assert.Contains($"核实：{MaskedHousehold.MaskedName}（{MaskedHousehold.MaskedPhone}）", inbox);
        Assert.DoesNotContain(MaskedHousehold.Name, inbox);
        Assert.DoesNotContain(MaskedHousehold.Phone, inbox);

        // The 站内通知 of the new task is masked too (notifications and e-mails are read outside the item's screens).
        var notifications = await clerk.GetStringAsync("/api/notifications");
        Assert.Contains($"新待办：核实：{MaskedHousehold.MaskedName}（{MaskedHousehold.MaskedPhone}）", notifications);
        Assert.DoesNotContain(MaskedHousehold.Name, notifications);

        // The instance: input, variables, history and tasks are masked for the clerk (ViewWorkflows only).
        var instanceId = (string)(await clerk.GetFromJsonAsync<JsonObject>($"/api/workflows?correlationId={id}"))!["items"]![0]!["id"]!;
        var detail = await clerk.GetStringAsync($"/api/workflows/{instanceId}");
        Assert.Contains($"{MaskedHousehold.MaskedName} {MaskedHousehold.MaskedPhone} {MaskedHousehold.MaskedIdNumber}",
            (string?)JsonNode.Parse(detail)!["instance"]!["properties"]!["contact"]);
        foreach (var clear in new[] { MaskedHousehold.Name, MaskedHousehold.Phone, MaskedHousehold.IdNumber })
        {
            Assert.DoesNotContain(clear, detail);
        }

        // The town's staff holds 查看敏感信息: masked too until the item is revealed with a reason, then in clear.
        using var town = await factory.CreateApiClientAsync("town-staff", JurisdictionTestUsers.Password);
        Assert.DoesNotContain(MaskedHousehold.Phone, await town.GetStringAsync($"/api/workflows/{instanceId}"));
        Assert.Equal(HttpStatusCode.OK, (await town.PostAsJsonAsync($"/api/content/{id}/reveal", new { reason = "核实家庭联系方式" })).StatusCode);
        var revealed = JsonNode.Parse(await town.GetStringAsync($"/api/workflows/{instanceId}"))!;
        Assert.Equal($"{MaskedHousehold.Name} {MaskedHousehold.Phone} {MaskedHousehold.IdNumber}", (string?)revealed["instance"]!["properties"]!["contact"]);

        // Completing the task: the audit entry names it masked, whoever completes it.
        var completed = await clerk.PostAsJsonAsync($"/api/tasks/{(string)task["id"]!}/complete", new { outcome = "完成" });
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        var audit = await db.Set<AuditEntryRecord>().SingleAsync(e => e.Action == "workflow.task.completed" && e.ContentItemId == id);
        Assert.Equal($"办理待办“核实：{MaskedHousehold.MaskedName}（{MaskedHousehold.MaskedPhone}）”：完成", audit.Summary);

        // The stored instance itself is untouched (the masking is on the way out).
        var stored = (await scope.ServiceProvider.GetRequiredService<IWorkflowStore>().GetInstanceAsync(instanceId))!;
        Assert.Equal(MaskedHousehold.Phone, stored.Properties["contact"]!.GetValue<string>().Split(' ')[1]);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Definitions_show_secrets_redacted_to_viewers_and_saving_the_redacted_value_keeps_the_secret(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await MaskedHousehold.DefineAsync(factory);
        using var admin = await factory.CreateApiClientAsync();
        var saved = await admin.PutAsJsonAsync("/api/workflow-types/household-push", PushType());
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var id = await MaskedHousehold.CreateAsync(factory);
        await JurisdictionTestUsers.CreateAsync(factory, "tbp-clerk", MaskedHousehold.Village, "VillageStaff");

        // The clerk may view instances (ViewWorkflows) but not edit workflow types (ManageWorkflows).
        using var clerk = await factory.CreateApiClientAsync("tbp-clerk", JurisdictionTestUsers.Password);
        var instanceId = (string)(await clerk.GetFromJsonAsync<JsonObject>($"/api/workflows?correlationId={id}"))!["items"]![0]!["id"]!;
        var raw = await clerk.GetStringAsync($"/api/workflows/{instanceId}");
        Assert.DoesNotContain("s3cr3t", raw);
        Assert.DoesNotContain(Token, raw);
        var redacted = JsonNode.Parse(raw)!["definition"]!.AsObject();
        var push = redacted["activities"]!.AsArray().Single(a => (string?)a!["id"] == "push")!["properties"]!;
        Assert.Equal("Authorization: ******\nX-Trace: ******", (string?)push["Headers"]);
        Assert.Equal("https://api.example.gov.cn/push?access_token=******&from=grassroots", (string?)push["Url"]);
        foreach (var url in new[] { "/api/workflow-types/household-push", "/api/workflow-types/household-push/export", "/api/workflow-types" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync(url)).StatusCode);
        }

        // The editor sees the secrets; saving the redacted definition (with a change) keeps them.
        var clear = (await admin.GetFromJsonAsync<JsonObject>("/api/workflow-types/household-push"))!;
        Assert.Contains(Secret, clear.ToJsonString());
        redacted["name"] = "困难家庭推送（改名）";
        var resaved = await admin.PutAsJsonAsync("/api/workflow-types/household-push", redacted);
        Assert.True(resaved.IsSuccessStatusCode, await resaved.Content.ReadAsStringAsync());
        var latest = (await admin.GetFromJsonAsync<JsonObject>("/api/workflow-types/household-push"))!;
        Assert.Equal(clear["version"]!.GetValue<int>() + 1, latest["version"]!.GetValue<int>());
        var stored = latest["activities"]!.AsArray().Single(a => (string?)a!["id"] == "push")!["properties"]!;
        Assert.Equal($"Authorization: {Secret}\nX-Trace: abc", (string?)stored["Headers"]);
        Assert.Equal($"https://api.example.gov.cn/push?access_token={Token}&from=grassroots", (string?)stored["Url"]);

        // A placeholder with no stored secret behind it (a header the stored version lacks) is refused in Chinese.
        var unknown = (JsonObject)redacted.DeepClone();
        unknown["activities"]!.AsArray().Single(a => (string?)a!["id"] == "push")!["properties"]!["Headers"] = "X-Api-Key: ******";
        var refused = await admin.PutAsJsonAsync("/api/workflow-types/household-push", unknown);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("隐藏的密钥", await refused.Content.ReadAsStringAsync());
    }
}
