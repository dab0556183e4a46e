using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Commands;
using Grassroots.Audit;
using Grassroots.ContentManagement;
using Grassroots.Data;
using Grassroots.Security;
using Grassroots.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Audit;

public sealed class AuditTrailTests
{
    private const string Item = "demo-opinion-tbp-0001";

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Setup_is_audited_updates_record_field_changes_without_sensitive_values_and_the_api_is_guarded(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);

        // After setup: the chain verifies and holds the recipe run, feature enables and content creation.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
            var query = scope.ServiceProvider.GetRequiredService<IAuditQuery>();
            var verification = await audit.VerifyAsync();
            Assert.True(verification.IsValid, verification.Reason);
            Assert.True(verification.EntriesChecked > 3);

            var recipe = Assert.Single((await query.QueryAsync(new AuditFilter { Action = "recipe.succeeded" })).Entries);
            Assert.Equal(AuditCategories.Recipe, recipe.Category);
            var recipeData = JsonNode.Parse(recipe.Data!)!;
            Assert.Equal("changle-county", recipeData["recipe"]!.GetValue<string>());
            Assert.Equal(64, recipeData["sha256"]!.GetValue<string>().Length);
            Assert.True(recipeData["steps"]!.GetValue<int>() > 3);

            var enabled = await query.QueryAsync(new AuditFilter { Action = "feature.enabled", PageSize = 200 });
            Assert.Contains(enabled.Entries, e => e.Data!.Contains("Grassroots.Contents", StringComparison.Ordinal));

            var created = await query.QueryAsync(new AuditFilter { Action = "content.created", ContentItemId = Item });
            var entry = Assert.Single(created.Entries);
            Assert.Equal("OpinionReport", entry.ContentType);
            Assert.Equal("370725107277", entry.OrgUnitCode);
            Assert.Contains("民情信息", entry.Summary, StringComparison.Ordinal);

            Assert.NotEmpty((await query.QueryAsync(new AuditFilter { Action = "contentType.stored", ContentType = "OpinionReport" })).Entries);
        }

        // Updating an item records the field-level change; sensitive values are never written in clear.
        string oldSummary, oldPhone;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var content = scope.ServiceProvider.GetRequiredService<IContentManager>();
            var latest = (await content.GetAsync(Item, VersionOptions.Latest))!;
            oldSummary = latest.GetFieldValue("OpinionReport", "Summary")!.GetValue<string>();
            oldPhone = latest.GetFieldValue("ContactPart", "Phone")?.ToString() ?? "";
            var edit = latest.Clone();
            edit.SetFieldValue("OpinionReport", "Summary", JsonValue.Create("村西路灯损坏已报修"));
            edit.SetFieldValue("ContactPart", "Phone", JsonValue.Create("13912345678"));
            var result = await content.UpdateAsync(edit, latest.ConcurrencyStamp, publish: false);
            Assert.Equal(CommandStatus.Succeeded, result.Status);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var query = scope.ServiceProvider.GetRequiredService<IAuditQuery>();
            var updated = Assert.Single((await query.QueryAsync(new AuditFilter { Action = "content.updated", ContentItemId = Item })).Entries);
            Assert.Equal(AuditCategories.Content, updated.Category);
            var changes = JsonNode.Parse(updated.Data!)!["changes"]!.AsArray();
            var summary = changes.Single(c => c!["path"]!.GetValue<string>() == "OpinionReport.Summary")!;
            Assert.Equal("事项摘要", summary["label"]!.GetValue<string>());
            Assert.Equal(oldSummary, summary["before"]!.GetValue<string>());
            Assert.Equal("村西路灯损坏已报修", summary["after"]!.GetValue<string>());
            var phone = changes.Single(c => c!["path"]!.GetValue<string>() == "ContactPart.Phone")!;
            Assert.Equal("联系电话", phone["label"]!.GetValue<string>());
            Assert.Equal("***", phone["after"]!.GetValue<string>());
            Assert.DoesNotContain("13912345678", updated.Data!, StringComparison.Ordinal);
            if (oldPhone.Length > 0)
            {
                Assert.DoesNotContain(oldPhone, updated.Data!, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("13912345678", updated.Summary, StringComparison.Ordinal);
            Assert.Contains("事项摘要", updated.Summary, StringComparison.Ordinal);
        }

        // Admin API: list and verify.
        var admin = await factory.CreateApiClientAsync();
        var verify = await admin.GetFromJsonAsync<JsonObject>("/api/audit/verify");
        Assert.True(verify!["isValid"]!.GetValue<bool>());
        Assert.True(verify["entriesChecked"]!.GetValue<long>() > 3);
        Assert.True(verify.ContainsKey("firstBrokenSequence"));
        Assert.Null(verify["firstBrokenSequence"]);
        Assert.True(verify.ContainsKey("reason"));
        var page = await admin.GetFromJsonAsync<JsonObject>($"/api/audit?contentItemId={Item}&action=content.updated");
        Assert.Equal(1, page!["total"]!.GetValue<long>());
        Assert.Equal("content.updated", page["items"]![0]!["action"]!.GetValue<string>());
        var bad = await admin.GetAsync("/api/audit?from=2026-13-45");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("开始日期", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A village worker may not read the audit trail.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
            var user = new GrassrootsUser { UserName = "village-audit", OrgUnitCode = "370725107277" };
            Assert.True((await users.CreateAsync(user, "Village-Pass-2026x")).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, "VillageStaff")).Succeeded);
        }

        var village = await factory.CreateApiClientAsync("village-audit", "Village-Pass-2026x");
        Assert.Equal(HttpStatusCode.Forbidden, (await village.GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await village.GetAsync("/api/audit/verify")).StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Tampering_is_detected_and_trimming_keeps_the_chain_verifiable(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);

        // 20 concurrent writers in separate scopes: a contiguous chain.
        var before = await MaxSequenceAsync(factory);
        await Task.WhenAll(Enumerable.Range(1, 20).Select(async i =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecordAsync(new AuditEvent
            {
                Category = AuditCategories.Security,
                Action = "test.concurrent",
                Summary = $"并发写入 {i}",
                UserName = $"user{i}",
            });
        }));
        var concurrent = await EntriesAsync(factory, "test.concurrent");
        Assert.Equal(20, concurrent.Count);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => before + i), concurrent.Select(e => e.Sequence).Order());
        Assert.True((await VerifyAsync(factory)).IsValid);

        // A few later entries, clearly newer than the concurrent ones (the trim below cuts by time).
        for (var i = 0; i < 4; i++)
        {
            await Task.Delay(30);
            await using var scope = factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecordAsync(new AuditEvent { Category = "test", Action = "test.later", Summary = $"之后 {i}" });
        }

        var all = await AllSequencesAsync(factory);
        Assert.Equal(all.Count, all[^1] - all[0] + 1);
        var middle = concurrent.OrderBy(e => e.Sequence).ElementAt(10).Sequence;

        // Altering a stored entry: verification names exactly that entry; putting it back repairs the chain.
        var original = concurrent.Single(e => e.Sequence == middle).Summary;
        await ExecuteAsync(factory, "UPDATE \"AuditEntries\" SET \"Summary\" = {0} WHERE \"Sequence\" = {1}", "被篡改的摘要", middle);
        var altered = await VerifyAsync(factory);
        Assert.False(altered.IsValid);
        Assert.Equal(middle, altered.FirstBrokenSequence);
        Assert.False(string.IsNullOrWhiteSpace(altered.Reason));
        await ExecuteAsync(factory, "UPDATE \"AuditEntries\" SET \"Summary\" = {0} WHERE \"Sequence\" = {1}", original, middle);
        Assert.True((await VerifyAsync(factory)).IsValid);

        // Deleting a middle entry: verification names the next one.
        await ExecuteAsync(factory, "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = {0}", middle);
        var deleted = await VerifyAsync(factory);
        Assert.False(deleted.IsValid);
        Assert.Equal(middle + 1, deleted.FirstBrokenSequence);

        // Trimming through the gap with the recorded trim action: the rest verifies, anchored by audit.trimmed.
        var cutoffEntry = concurrent.Single(e => e.Sequence == middle + 1);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var trimmed = await scope.ServiceProvider.GetRequiredService<IAuditTrail>()
                .TrimAsync(cutoffEntry.CreatedUtc.AddMilliseconds(1), "admin");
            Assert.True(trimmed > 0);
        }

        var afterTrim = await AllSequencesAsync(factory);
        Assert.True(afterTrim[0] > middle + 1);
        Assert.True(afterTrim.Count >= 5, string.Join(",", afterTrim)); // the four later entries and the anchor
        var anchor = Assert.Single(await EntriesAsync(factory, "audit.trimmed"));
        Assert.Equal(afterTrim[^1], anchor.Sequence);
        Assert.Equal("admin", anchor.UserName);
        Assert.Equal(afterTrim[0] - 1, JsonNode.Parse(anchor.Data!)!["trimmedThroughSequence"]!.GetValue<long>());
        var valid = await VerifyAsync(factory);
        Assert.True(valid.IsValid, valid.Reason);
        Assert.Equal(afterTrim.Count, valid.EntriesChecked);

        // Deleting the first entries without the trim action: verification fails at the new first entry.
        await ExecuteAsync(factory, "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" <= {0}", afterTrim[1]);
        var headless = await VerifyAsync(factory);
        Assert.False(headless.IsValid);
        Assert.Equal(afterTrim[2], headless.FirstBrokenSequence);

        // Trimming everything continues the sequence (the anchor links to the last trimmed entry) and verifies.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAuditTrail>().TrimAsync(DateTime.UtcNow.AddDays(1), "system");
        }

        var remaining = await AllSequencesAsync(factory);
        Assert.Equal([afterTrim[^1] + 1], remaining);
        Assert.True((await VerifyAsync(factory)).IsValid);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecordAsync(new AuditEvent { Category = "test", Action = "test.after", Summary = "清理之后" });
        }

        Assert.Equal([afterTrim[^1] + 1, afterTrim[^1] + 2], await AllSequencesAsync(factory));
        Assert.True((await VerifyAsync(factory)).IsValid);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Entries_written_inside_an_open_transaction_do_not_deadlock_with_other_writers(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        var start = await MaxSequenceAsync(factory);
        await using var outer = factory.Services.CreateAsyncScope();
        var db = outer.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        var audit = outer.ServiceProvider.GetRequiredService<IAuditTrail>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await audit.RecordAsync(new AuditEvent { Category = "test", Action = "test.outer", Summary = "事务内 1" });

        // Another writer starts and must wait for the open transaction (database lock) …
        var other = Task.Run(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecordAsync(new AuditEvent { Category = "test", Action = "test.other", Summary = "另一个写入" });
        });
        await Task.Delay(500);

        // … while the transaction keeps writing entries and then commits.
        var second = audit.RecordAsync(new AuditEvent { Category = "test", Action = "test.outer", Summary = "事务内 2" });
        Assert.Same(second, await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(15))));
        await second;
        await transaction.CommitAsync();
        Assert.Same(other, await Task.WhenAny(other, Task.Delay(TimeSpan.FromSeconds(15))));
        await other;

        Assert.Equal([start + 1, start + 2, start + 3], (await AllSequencesAsync(factory)).Where(s => s > start));
        Assert.Equal(start + 3, Assert.Single(await EntriesAsync(factory, "test.other")).Sequence);
        Assert.True((await VerifyAsync(factory)).IsValid);
    }

    private static async Task<AuditVerification> VerifyAsync(GrassrootsFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAuditTrail>().VerifyAsync();
    }

    private static async Task<List<AuditEntry>> EntriesAsync(GrassrootsFactory factory, string action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IAuditQuery>().QueryAsync(new AuditFilter { Action = action, PageSize = 200 })).Entries.ToList();
    }

    private static async Task<long> MaxSequenceAsync(GrassrootsFactory factory)
        => (await AllSequencesAsync(factory))[^1];

    private static async Task<List<long>> AllSequencesAsync(GrassrootsFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        return await db.Database.SqlQueryRaw<long>("SELECT \"Sequence\" AS \"Value\" FROM \"AuditEntries\" ORDER BY \"Sequence\"").ToListAsync();
    }

    private static async Task ExecuteAsync(GrassrootsFactory factory, string sql, params object[] parameters)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        Assert.True(await db.Database.ExecuteSqlRawAsync(sql, parameters) > 0);
    }
}
