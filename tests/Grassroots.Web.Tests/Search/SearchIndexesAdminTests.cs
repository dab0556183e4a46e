using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Search;
using Grassroots.Search.Lucene.Services;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Search;

/// <summary>The index dashboard: list, create, rebuild with polled progress, reset, delete; a missing folder is rebuilt.</summary>
public sealed class SearchIndexesAdminTests
{
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string url, Dictionary<string, string>? fields = null)
    {
        var html = await client.GetStringAsync(page);
        var form = new Dictionary<string, string>(fields ?? []) { ["__RequestVerificationToken"] = GrassrootsFactory.AntiforgeryToken(html) };
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    private static async Task<JsonObject> WaitForRebuildAsync(HttpClient client, string name)
    {
        for (var i = 0; i < 100; i++)
        {
            var status = (await client.GetFromJsonAsync<JsonObject>($"/admin/search/indexes/{name}/status"))!;
            if (!status["running"]!.GetValue<bool>())
            {
                return status;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("rebuild did not finish");
    }

    [Fact]
    public async Task Indexes_are_listed_created_rebuilt_reset_and_deleted_from_the_dashboard()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        var client = factory.CreateBrowserlikeClient();
        await GrassrootsFactory.SignInAsync(client);

        var list = await client.GetStringAsync("/admin/search/indexes");
        Assert.Contains("data-index=\"staff\"", list, StringComparison.Ordinal);
        Assert.Contains("search-indexes.js", list, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", list, StringComparison.Ordinal);

        // Rebuild from the dashboard: the status endpoint reports progress and then the documents.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "/admin/search/indexes", "/admin/search/indexes/staff/rebuild")).StatusCode);
        var status = await WaitForRebuildAsync(client, "staff");
        Assert.Equal(100, status["percent"]!.GetValue<int>());
        Assert.True(status["documents"]!.GetValue<int>() >= 5);
        Assert.True(status["cursor"]!.GetValue<long>() > 0);

        // Reset: the cursor goes to 0, then the tasks are applied again.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "/admin/search/indexes", "/admin/search/indexes/staff/reset")).StatusCode);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ISearchIndexer>().CatchUpAsync("staff") > 0);
        }

        // Create a published-only index of notices, with a validation error first (the input is kept).
        var invalid = await PostAsync(client, "/admin/search/indexes/create", "/admin/search/indexes/save",
            new() { ["IsNew"] = "true", ["Name"] = "Bad Name", ["Analyzer"] = "standard", ["Versions"] = "published", ["ContentTypes"] = "Notice" });
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("名称只能由小写字母", invalidHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"Bad Name\"", invalidHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "/admin/search/indexes/create", "/admin/search/indexes/save",
            new() { ["IsNew"] = "true", ["Name"] = "notices", ["Analyzer"] = "standard", ["Versions"] = "published", ["ContentTypes"] = "Notice" })).StatusCode);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISearchIndexer>().CatchUpAsync("notices");
        }

        var notices = await LuceneSearchTests.SearchAsync(factory, GrassrootsFactory.AdminUserName, new SearchRequest { Index = "notices" });
        Assert.True(notices.Total >= 2);
        Assert.All(notices.Hits, h => Assert.Equal("Notice", h.ContentType));

        // A deleted index folder is rebuilt when the index is opened again.
        var manager = factory.Services.GetRequiredService<LuceneIndexManager>();
        var path = manager.TryGet("notices")!.Path;
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "/admin/search/indexes", "/admin/search/indexes/notices/delete")).StatusCode);
        Assert.False(Directory.Exists(path));
        Assert.DoesNotContain("data-index=\"notices\"", await client.GetStringAsync("/admin/search/indexes"), StringComparison.Ordinal);

        // A village clerk may not manage indexes.
        await JurisdictionTestUsers.CreateAsync(factory, "tbp-clerk", "370725107277", "VillageStaff");
        var clerk = await JurisdictionTestUsers.LoginAsync(factory, "tbp-clerk");
        Assert.NotEqual(HttpStatusCode.OK, (await clerk.GetAsync("/admin/search/indexes")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await clerk.GetAsync("/admin/search/indexes/staff/status")).StatusCode);
    }

    [Fact]
    public async Task A_missing_index_folder_is_rebuilt()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        var manager = factory.Services.GetRequiredService<LuceneIndexManager>();
        await LuceneSearchTests.CatchUpAsync(factory);
        var path = manager.TryGet("staff")!.Path;

        // Simulate a lost folder: close it and delete the files; opening again finds it missing and rebuilds.
        manager.Drop("staff");
        Assert.False(Directory.Exists(path));
        await LuceneSearchTests.CatchUpAsync(factory);
        var result = await LuceneSearchTests.SearchAsync(factory, GrassrootsFactory.AdminUserName, new SearchRequest { Text = "自来水" });
        Assert.Contains(result.Hits, h => h.ContentItemId == "demo-opinion-hs-0001");
        Assert.True(File.Exists(Path.Combine(path, "cursor.txt")));
    }

    [Fact]
    public async Task A_corrupt_index_is_recreated_and_rebuilt()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        var manager = factory.Services.GetRequiredService<LuceneIndexManager>();
        await LuceneSearchTests.CatchUpAsync(factory);
        var path = manager.TryGet("staff")!.Path;

        // Close the index (as at shutdown) and damage its commit point and segment files while "down".
        manager.Drop("staff");
        Directory.CreateDirectory(path);
        await File.WriteAllTextAsync(Path.Combine(path, "segments_1"), "not a lucene commit point");
        await File.WriteAllTextAsync(Path.Combine(path, "segments.gen"), "garbage");
        await File.WriteAllTextAsync(Path.Combine(path, "_0.cfs"), "garbage");

        await LuceneSearchTests.CatchUpAsync(factory);
        var result = await LuceneSearchTests.SearchAsync(factory, GrassrootsFactory.AdminUserName, new SearchRequest { Text = "自来水" });
        Assert.Contains(result.Hits, h => h.ContentItemId == "demo-opinion-hs-0001");
    }

    [Fact]
    public async Task Changing_an_index_definition_rebuilds_its_documents()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        await LuceneSearchTests.CatchUpAsync(factory);
        Assert.Contains((await LuceneSearchTests.SearchAsync(factory, GrassrootsFactory.AdminUserName, new SearchRequest { Text = "自来水" })).Hits,
            h => h.ContentItemId == "demo-opinion-hs-0001");

        var client = factory.CreateBrowserlikeClient();
        await GrassrootsFactory.SignInAsync(client);
        var edit = await client.GetStringAsync("/admin/search/indexes/staff/edit");
        Assert.Contains("value=\"latest\" selected", edit, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "/admin/search/indexes/staff/edit", "/admin/search/indexes/save",
            new() { ["IsNew"] = "false", ["Name"] = "staff", ["Analyzer"] = "smartcn", ["Versions"] = "latest", ["ContentTypes"] = "Notice" })).StatusCode);
        await LuceneSearchTests.CatchUpAsync(factory);

        var all = await LuceneSearchTests.SearchAsync(factory, GrassrootsFactory.AdminUserName, new SearchRequest { PageSize = 100 });
        Assert.True(all.Total >= 2);
        Assert.All(all.Hits, h => Assert.Equal("Notice", h.ContentType));
    }
}
