using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.Data;
using Grassroots.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Audit;

/// <summary>
/// The chain's weak spots that a database writer could use: deleting the newest entries (caught by the anchor kept
/// outside the database) and rewriting an entry then re-hashing the rest of the chain (caught by the keyed signature).
/// </summary>
public sealed class AuditKeyAndAnchorTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Deleting_the_newest_entries_is_detected_by_verify(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var admin = await factory.CreateApiClientAsync();

        // The periodic anchor: an entry in the trail plus this node's signed anchor file.
        AuditAnchor anchor;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            anchor = (await scope.ServiceProvider.GetRequiredService<IAuditTrail>().AnchorAsync())!;
        }

        Assert.NotNull(anchor);
        Assert.True(File.Exists(Path.Combine(factory.Database.DataPath, "audit", "anchor.json")));
        var entry = await EntryAsync(factory, anchor.Sequence);
        Assert.Equal("audit.anchor", entry.Action);
        Assert.Equal(anchor.EntryCount - 1, JsonNode.Parse(entry.Data!)!["entryCount"]!.GetValue<long>());

        // Work goes on after the anchor; a second anchor run with nothing new writes no entry.
        Assert.True((await admin.GetAsync("/api/me")).IsSuccessStatusCode);
        var verified = await admin.GetFromJsonAsync<JsonObject>("/api/audit/verify");
        Assert.True(verified!["isValid"]!.GetValue<bool>(), verified.ToJsonString());

        // Someone with database access deletes the newest entries, the anchor among them: the chain that is left is
        // consistent, but the anchor kept outside the database names an entry that is gone.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GrassrootsDbContext>();
            Assert.True(await db.Set<AuditEntryRecord>().Where(e => e.Sequence >= anchor.Sequence - 2).ExecuteDeleteAsync() >= 3);
        }

        var after = await admin.GetFromJsonAsync<JsonObject>("/api/audit/verify");
        Assert.False(after!["isValid"]!.GetValue<bool>());
        Assert.Equal(anchor.Sequence, after["firstBrokenSequence"]!.GetValue<long>());
        Assert.Contains("截断", after["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Rewriting_an_entry_and_rehashing_the_chain_is_detected_by_verify(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var admin = await factory.CreateApiClientAsync();

        // The attacker edits an old entry and recomputes every SHA-256 link after it, as the published format allows.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GrassrootsDbContext>();
            var entries = await db.Set<AuditEntryRecord>().OrderBy(e => e.Sequence).ToListAsync();
            Assert.All(entries, e => Assert.Equal(64, e.Mac?.Length));
            var target = entries[3];
            target.Summary += "（已篡改）";
            var previous = target.PreviousHash;
            foreach (var e in entries.SkipWhile(e => e != target))
            {
                e.PreviousHash = previous;
                e.Hash = PlainHash(e);
                previous = e.Hash;
            }

            await db.SaveChangesAsync();
        }

        var verify = await admin.GetFromJsonAsync<JsonObject>("/api/audit/verify");
        Assert.False(verify!["isValid"]!.GetValue<bool>());
        Assert.Contains("签名", verify["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_anchor_file_is_reported()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var admin = await factory.CreateApiClientAsync();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAuditTrail>().AnchorAsync();
        }

        // Lower the anchored sequence to cover a truncation: the signature no longer matches.
        var path = Path.Combine(factory.Database.DataPath, "audit", "anchor.json");
        var stored = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        stored["Sequence"] = stored["Sequence"]!.GetValue<long>() - 5;
        await File.WriteAllTextAsync(path, stored.ToJsonString());

        var verify = await admin.GetFromJsonAsync<JsonObject>("/api/audit/verify");
        Assert.False(verify!["isValid"]!.GetValue<bool>());
        Assert.Contains("锚点文件", verify["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<AuditEntryRecord> EntryAsync(GrassrootsFactory factory, long sequence)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GrassrootsDbContext>().Set<AuditEntryRecord>().AsNoTracking().SingleAsync(e => e.Sequence == sequence);
    }

    /// <summary>The unkeyed SHA-256 of an entry's canonical content, as anyone who reads the code can compute it.</summary>
    private static string PlainHash(AuditEntryRecord e) => AuditHasher.Compute(e);
}
