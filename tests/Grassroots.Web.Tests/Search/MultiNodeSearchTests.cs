using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Grassroots.Tests.Search;

/// <summary>
/// Two real app processes on one PostgreSQL database, each with its own data path (so its own Lucene index folder):
/// writes through the HTTP API on either node show up in both nodes' <c>/api/search</c>; a node killed during writes
/// catches up when restarted; a node whose index folder was deleted while stopped rebuilds it at start-up.
/// </summary>
public sealed class MultiNodeSearchTests(ITestOutputHelper output)
{
    /// <summary>Generous: nodes poll the indexing tasks every second.</summary>
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(45);

    private const string Village = "370725001036";

    [PostgresFact]
    public async Task Writes_on_either_node_converge_in_both_indexes_including_updates_and_deletes()
    {
        var database = await TestDatabase.CreateAsync(DatabaseKind.Postgres);
        var nodes = new List<AppNode>();
        try
        {
            await SetUpAsync(database);
            nodes.Add(AppNode.Start("search-a", database));
            nodes.Add(AppNode.Start("search-b", database));
            foreach (var node in nodes)
            {
                await node.WaitHealthyAsync(TimeSpan.FromSeconds(90));
            }

            using var a = await nodes[0].CreateApiClientAsync();
            using var b = await nodes[1].CreateApiClientAsync();
            var marker = Marker();

            // Ten items, written alternately on A and B.
            var ids = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                ids.Add(await CreateAsync(i % 2 == 0 ? a : b, $"自来水管道破裂第{i}号 {marker}"));
            }

            await ConvergeAsync(nodes, [a, b], marker, ids);
            await ConvergeAsync(nodes, [a, b], "自来水", ids, subset: true);

            // An item written on A is changed on B: the old text is gone, the new one found, on both nodes.
            var renamed = Marker();
            await UpdateAsync(b, ids[0], $"道路破损 {renamed}");
            await ConvergeAsync(nodes, [a, b], marker, ids[1..]);
            await ConvergeAsync(nodes, [a, b], renamed, [ids[0]]);

            // An item written on B is deleted on A: gone from both indexes.
            await DeleteAsync(a, ids[1]);
            await ConvergeAsync(nodes, [a, b], marker, ids[2..]);

            foreach (var node in nodes)
            {
                Assert.False(node.Process.HasExited, $"{node.Name} exited:\n{node.Output}");
                output.WriteLine(node.Output);
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }

            await database.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task A_node_killed_during_writes_catches_up_and_a_deleted_index_folder_is_rebuilt_at_start_up()
    {
        var database = await TestDatabase.CreateAsync(DatabaseKind.Postgres);
        var nodes = new List<AppNode>();
        try
        {
            await SetUpAsync(database);
            nodes.Add(AppNode.Start("search-a", database));
            nodes.Add(AppNode.Start("search-b", database));
            foreach (var node in nodes)
            {
                await node.WaitHealthyAsync(TimeSpan.FromSeconds(90));
            }

            var (nodeA, nodeB) = (nodes[0], nodes[1]);
            using var a = await nodeA.CreateApiClientAsync();
            var marker = Marker();
            var ids = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                ids.Add(await CreateAsync(a, $"路灯不亮第{i}号 {marker}"));
            }

            using (var b = await nodeB.CreateApiClientAsync())
            {
                await ConvergeAsync(nodes, [a, b], marker, ids);
            }

            // B crashes; writes go on on A (creates, an update, a delete) while it is down.
            nodeB.Kill();
            for (var i = 3; i < 25; i++)
            {
                ids.Add(await CreateAsync(a, $"路灯不亮第{i}号 {marker}"));
            }

            var renamed = Marker();
            await UpdateAsync(a, ids[0], $"邻里纠纷 {renamed}");
            await DeleteAsync(a, ids[1]);
            var expected = ids[2..];
            await ConvergeAsync([nodeA], [a], marker, expected);

            // B comes back and catches up from its cursor.
            nodeB.Start();
            await nodeB.WaitHealthyAsync(TimeSpan.FromSeconds(90));
            using (var b = await nodeB.CreateApiClientAsync())
            {
                await ConvergeAsync([nodeB], [b], marker, expected);
                await ConvergeAsync([nodeB], [b], renamed, [ids[0]]);
            }

            // B is stopped, its whole search folder deleted, and more is written meanwhile.
            await nodeB.StopAsync(TimeSpan.FromSeconds(30));
            var searchFolder = Path.Combine(nodeB.DataPath, "search");
            Assert.True(Directory.Exists(Path.Combine(searchFolder, "staff")), $"B has no index folder at {searchFolder}/staff.");
            Directory.Delete(searchFolder, recursive: true);
            for (var i = 25; i < 30; i++)
            {
                expected.Add(await CreateAsync(a, $"路灯不亮第{i}号 {marker}"));
            }

            await ConvergeAsync([nodeA], [a], marker, expected);

            // At start-up B rebuilds the index and finds everything, including the recipe's demo items.
            nodeB.Start();
            await nodeB.WaitHealthyAsync(TimeSpan.FromSeconds(120));
            using (var b = await nodeB.CreateApiClientAsync())
            {
                await ConvergeAsync([nodeB], [b], marker, expected);
                await ConvergeAsync([nodeB], [b], renamed, [ids[0]]);
                var onA = await SearchAsync(a, "自来水");
                Assert.Contains("demo-opinion-hs-0001", onA.Ids);
                await ConvergeAsync([nodeB], [b], "自来水", [.. onA.Ids]);
            }

            Assert.True(Directory.Exists(Path.Combine(searchFolder, "staff")), "B did not recreate its index folder.");
            foreach (var node in nodes)
            {
                Assert.False(node.Process.HasExited, $"{node.Name} exited:\n{node.Output}");
                output.WriteLine(node.Output);
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }

            await database.DisposeAsync();
        }
    }

    /// <summary>Runs setup (migrations, county recipe with the "staff" index) once, in-process, before the nodes start.</summary>
    private static async Task SetUpAsync(TestDatabase database)
    {
        await using var factory = new GrassrootsFactory(database, ownsDatabase: false);
        using var client = await factory.CreateApiClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/content/demo-opinion-hs-0001")).StatusCode);
    }

    /// <summary>A word no document contains: Latin letters only, so every analyzer keeps it as one token.</summary>
    private static string Marker()
    {
        var letters = Guid.NewGuid().ToString("N").Select(c => (char)('a' + (c % 26)));
        return "zq" + string.Concat(letters.Take(10));
    }

    private static JsonObject Report(string summary) => new()
    {
        ["orgUnitCode"] = Village,
        ["published"] = true,
        ["content"] = Content(summary),
    };

    private static JsonObject Content(string summary) => new()
    {
        ["OpinionReport"] = new JsonObject
        {
            ["Summary"] = new JsonObject { ["value"] = summary },
            ["Category"] = new JsonObject { ["value"] = "opinion" },
            ["VisitDate"] = new JsonObject { ["value"] = "2026-11-25" },
            ["Households"] = new JsonObject { ["value"] = 3 },
        },
        ["ContactPart"] = new JsonObject { ["Name"] = new JsonObject { ["value"] = "李四" } },
    };

    private static async Task<string> CreateAsync(HttpClient client, string summary)
    {
        var response = await client.PostAsJsonAsync("/api/content/OpinionReport", Report(summary));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["contentItemId"]!.GetValue<string>();
    }

    private static async Task UpdateAsync(HttpClient client, string id, string summary)
    {
        var current = (await client.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!;
        var response = await client.PutAsJsonAsync($"/api/content/{id}", new JsonObject
        {
            ["concurrencyStamp"] = current["concurrencyStamp"]!.GetValue<string>(),
            ["publish"] = true,
            ["content"] = Content(summary),
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task DeleteAsync(HttpClient client, string id)
        => Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/content/{id}")).StatusCode);

    private sealed record Found(int Total, HashSet<string> Ids, string Body);

    /// <summary>The node's answer to <c>GET /api/search</c> as the client's user.</summary>
    private static async Task<Found> SearchAsync(HttpClient client, string q)
    {
        var response = await client.GetAsync($"/api/search?q={Uri.EscapeDataString(q)}&pageSize=100");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/search?q={q} answered {(int)response.StatusCode}: {body}");
        var json = JsonNode.Parse(body)!.AsObject();
        var ids = json["hits"]!.AsArray().Select(h => h!["id"]!.GetValue<string>()).ToHashSet();
        return new Found(json["total"]!.GetValue<int>(), ids, body);
    }

    /// <summary>Waits until every node's search for <paramref name="q"/> returns exactly the expected items (or includes them).</summary>
    private static async Task ConvergeAsync(List<AppNode> nodes, List<HttpClient> clients, string q, List<string> expected, bool subset = false)
    {
        var until = DateTime.UtcNow + Converge;
        for (var n = 0; n < nodes.Count; n++)
        {
            while (true)
            {
                Assert.False(nodes[n].Process.HasExited, $"{nodes[n].Name} exited:\n{nodes[n].Output}");
                var found = await SearchAsync(clients[n], q);
                var ok = subset
                    ? expected.All(found.Ids.Contains)
                    : found.Total == expected.Count && found.Ids.SetEquals(expected);
                if (ok)
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < until,
                    $"{nodes[n].Name}: search for {q} did not converge in {Converge.TotalSeconds:0} s. Expected {expected.Count} " +
                    $"({string.Join(", ", expected.Order())}), last answer: {found.Body}\n{nodes[n].Output}");
                await Task.Delay(250);
            }
        }
    }
}
