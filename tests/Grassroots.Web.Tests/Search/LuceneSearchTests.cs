using System.Security.Claims;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Search;
using Grassroots.Search.Lucene.Services;
using Grassroots.Security;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Search;

/// <summary>The Lucene search service on a real index in the factory's data folder.</summary>
public sealed class LuceneSearchTests
{
    private const string Tbp = "370725107277";
    private const string Sgj = "370725107278";

    internal static async Task<string> CreateOpinionAsync(GrassrootsFactory factory, string orgUnitCode, string summary, VersionOptions options = VersionOptions.Published)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var contents = scope.ServiceProvider.GetRequiredService<IContentManager>();
        var source = (await contents.GetAsync("demo-opinion-tbp-0001", VersionOptions.Latest))!;
        var item = await contents.NewAsync("OpinionReport");
        item.Content = (JsonObject)source.Content.DeepClone();
        item.SetFieldValue("OpinionReport", "Summary", JsonValue.Create(summary));
        item.OrgUnitCode = orgUnitCode;
        var created = await contents.CreateAsync(item, options);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.SelectMany(e => e.Value)));
        return created.Value!.ContentItemId;
    }

    internal static async Task CatchUpAsync(GrassrootsFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISearchIndexer>().CatchUpAsync("staff");
    }

    internal static async Task<SearchResult> SearchAsync(GrassrootsFactory factory, string userName, SearchRequest request)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
        var user = (await users.FindByNameAsync(userName))!;
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<GrassrootsUser>>().CreateAsync(user);
        return await scope.ServiceProvider.GetRequiredService<ISearchService>().SearchAsync(principal, request);
    }

    private static Dictionary<string, int> Facet(SearchResult result, string name)
        => result.Facets[name].ToDictionary(v => v.Value, v => v.Count);

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Chinese_text_phrases_booleans_highlights_and_facets(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        var a = await CreateOpinionAsync(factory, Tbp, "团埠坡村自来水管道破裂");
        var b = await CreateOpinionAsync(factory, Tbp, "团埠坡村自来水水压不足", VersionOptions.Draft);
        var c = await CreateOpinionAsync(factory, Sgj, "水沟涧村自来水管道冻裂");
        await CreateOpinionAsync(factory, Sgj, "水沟涧村道路积水");
        await CatchUpAsync(factory);
        const string admin = GrassrootsFactory.AdminUserName;

        // 自来水 finds 自来水管道破裂 (the seeded 恒盛社区 report demo-opinion-hs-0001 says it too).
        var all = await SearchAsync(factory, admin, new SearchRequest { Text = "自来水" });
        Assert.Equal(4, all.Total);
        Assert.Equal(new[] { a, b, c, "demo-opinion-hs-0001" }.Order(), all.Hits.Select(h => h.ContentItemId).Order());
        var hitA = all.Hits.Single(h => h.ContentItemId == a);
        Assert.Contains("<mark>", hitA.Highlights["title"][0], StringComparison.Ordinal);
        Assert.Contains("自来水", hitA.Highlights["title"][0], StringComparison.Ordinal);

        // Facets over the same set: type, village, town, status.
        Assert.Equal(new Dictionary<string, int> { ["OpinionReport"] = 4 }, Facet(all, "type"));
        Assert.Equal("民情信息", all.Facets["type"][0].Label);
        Assert.Equal(new Dictionary<string, int> { [Tbp] = 2, [Sgj] = 1, ["370725001036"] = 1 }, Facet(all, "village"));
        Assert.Equal(new Dictionary<string, int> { ["370725107"] = 3, ["370725001"] = 1 }, Facet(all, "town"));
        Assert.Equal("团埠坡村民委员会", all.Facets["village"].Single(v => v.Value == Tbp).Label);
        Assert.Equal(new Dictionary<string, int> { ["published"] = 3, ["draft"] = 1 }, Facet(all, "status"));
        Assert.Equal(4, all.Facets["month"].Sum(m => m.Count));

        // Phrase, boolean, filters.
        var phrase = await SearchAsync(factory, admin, new SearchRequest { Text = "\"管道破裂\"" });
        Assert.Equal(new[] { a, "demo-opinion-hs-0001" }.Order(), phrase.Hits.Select(h => h.ContentItemId).Order());
        var not = await SearchAsync(factory, admin, new SearchRequest { Text = "自来水 AND NOT 管道" });
        Assert.Equal([b], not.Hits.Select(h => h.ContentItemId));
        var or = await SearchAsync(factory, admin, new SearchRequest { Text = "水压 OR 冻裂" });
        Assert.Equal(new[] { b, c }.Order(), or.Hits.Select(h => h.ContentItemId).Order());
        var town = await SearchAsync(factory, admin, new SearchRequest { Text = "自来水", OrgUnit = "370725107", Statuses = ["published"] });
        Assert.Equal(new[] { a, c }.Order(), town.Hits.Select(h => h.ContentItemId).Order());
        var paged = await SearchAsync(factory, admin, new SearchRequest { Text = "自来水", Sort = SearchSort.Newest, Page = 2, PageSize = 3 });
        Assert.Equal(4, paged.Total);
        Assert.Single(paged.Hits);

        var error = await Assert.ThrowsAsync<SearchQueryException>(() => SearchAsync(factory, admin, new SearchRequest { Text = "\"自来水" }));
        Assert.Contains("检索语句有误", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_village_user_never_sees_another_villages_documents(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await JurisdictionTestUsers.CreateAsync(factory, "tbp-clerk", Tbp, "VillageStaff");
        var own = await CreateOpinionAsync(factory, Tbp, "团埠坡村自来水管道破裂");
        await CreateOpinionAsync(factory, Sgj, "水沟涧村自来水管道冻裂");
        await CatchUpAsync(factory);

        var result = await SearchAsync(factory, "tbp-clerk", new SearchRequest { Text = "自来水" });
        Assert.Equal(1, result.Total);
        Assert.Equal([own], result.Hits.Select(h => h.ContentItemId));
        Assert.Equal(new Dictionary<string, int> { [Tbp] = 1 }, Facet(result, "village"));
        Assert.Equal(new Dictionary<string, int> { ["370725107"] = 1 }, Facet(result, "town"));
        Assert.Equal(1, result.Facets["type"].Sum(v => v.Count));

        // Every case the clerk can find is in the village (the rest are the county's published notices and guides,
        // which reach down the tree), and asking for the neighbour's unit finds nothing.
        var everything = await SearchAsync(factory, "tbp-clerk", new SearchRequest { PageSize = 100 });
        var cases = everything.Hits.Where(h => h.ContentType == "OpinionReport").ToList();
        Assert.All(cases, h => Assert.Equal(Tbp, h.OrgUnitCode));
        Assert.All(everything.Hits.Except(cases), h => Assert.Equal("370725", h.OrgUnitCode));
        Assert.Equal(cases.Count, Facet(everything, "village").GetValueOrDefault(Tbp));
        Assert.Equal(0, (await SearchAsync(factory, "tbp-clerk", new SearchRequest { Text = "自来水", OrgUnit = Sgj })).Total);
    }

    [Fact]
    public async Task Types_the_user_may_not_view_are_filtered_in_the_query()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        await JurisdictionTestUsers.GrantAsync(factory, "NoticeReader", "AccessAdminPanel", "ViewContent_Notice", "ViewOwnContent_OpinionReport");
        await JurisdictionTestUsers.CreateAsync(factory, "reader", Tbp, "NoticeReader");
        var others = await CreateOpinionAsync(factory, Tbp, "团埠坡村自来水管道破裂");
        string mine;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var contents = scope.ServiceProvider.GetRequiredService<IContentManager>();
            var source = (await contents.GetAsync("demo-opinion-tbp-0001", VersionOptions.Latest))!;
            var item = await contents.NewAsync("OpinionReport");
            item.Content = (JsonObject)source.Content.DeepClone();
            item.SetFieldValue("OpinionReport", "Summary", JsonValue.Create("团埠坡村自来水水表漏水"));
            item.OrgUnitCode = Tbp;
            item.Owner = "reader";
            var created = await contents.CreateAsync(item, VersionOptions.Published);
            Assert.True(created.Succeeded);
            mine = created.Value!.ContentItemId;
        }

        await CatchUpAsync(factory);
        var result = await SearchAsync(factory, "reader", new SearchRequest { Text = "自来水" });
        Assert.Equal([mine], result.Hits.Select(h => h.ContentItemId));
        Assert.Equal(1, result.Total);
        Assert.Equal(1, result.Facets["type"].Sum(v => v.Count));
        Assert.DoesNotContain(result.Hits, h => h.ContentItemId == others);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_saved_item_is_found_at_once_and_a_deleted_one_disappears(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        const string admin = GrassrootsFactory.AdminUserName;
        var id = await CreateOpinionAsync(factory, Tbp, "村口路灯损坏需要更换");
        await CatchUpAsync(factory);
        Assert.Equal([id], (await SearchAsync(factory, admin, new SearchRequest { Text = "路灯" })).Hits.Select(h => h.ContentItemId));

        // Without calling the indexer: the background service is woken by the save.
        var second = await CreateOpinionAsync(factory, Sgj, "水沟涧村路灯不亮");
        var found = false;
        for (var i = 0; i < 20 && !found; i++)
        {
            await Task.Delay(100);
            found = (await SearchAsync(factory, admin, new SearchRequest { Text = "路灯" })).Hits.Any(h => h.ContentItemId == second);
        }

        Assert.True(found, "the saved item was not searchable within 2 seconds");

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<IContentManager>().RemoveAsync(id)).Succeeded);
        }

        await CatchUpAsync(factory);
        var after = await SearchAsync(factory, admin, new SearchRequest { Text = "路灯" });
        Assert.Equal([second], after.Hits.Select(h => h.ContentItemId));
        Assert.Equal(1, after.Total);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task An_id_number_is_found_only_by_keyed_hash_and_only_by_allowed_users(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        const string idNumber = "11010519491231002X";
        string id;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var definitions = scope.ServiceProvider.GetRequiredService<IContentDefinitionManager>();
            Assert.Empty(await definitions.StoreTypeDefinitionAsync(new ContentTypeDefinition
            {
                Name = "ResidentCase",
                DisplayName = "居民事项",
                Fields =
                [
                    new ContentFieldDefinition { Name = "Title", DisplayName = "标题", Kind = ContentFieldKinds.Text },
                    new ContentFieldDefinition { Name = "IdNumber", DisplayName = "身份证号", Kind = ContentFieldKinds.ResidentId, Settings = new ContentFieldSettings { Sensitive = true, Search = new FieldSearchSettings { Stored = true, Keyword = true } } },
                ],
            }));
            var contents = scope.ServiceProvider.GetRequiredService<IContentManager>();
            var item = await contents.NewAsync("ResidentCase");
            item.OrgUnitCode = Tbp;
            item.SetFieldValue("ResidentCase", "Title", JsonValue.Create("低保申请材料补充"));
            item.SetFieldValue("ResidentCase", "IdNumber", JsonValue.Create(idNumber));
            var created = await contents.CreateAsync(item, VersionOptions.Published);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.SelectMany(e => e.Value)));
            id = created.Value!.ContentItemId;
        }

        await JurisdictionTestUsers.CreateAsync(factory, "tbp-clerk", Tbp, "VillageStaff");
        await JurisdictionTestUsers.CreateAsync(factory, "town-staff", "370725107", "TownStaff");
        await CatchUpAsync(factory);

        // Allowed (TownStaff holds ViewSensitiveData): the exact lookup finds it, also written in lower case.
        var byHash = await SearchAsync(factory, "town-staff", new SearchRequest { Text = $"idNumber:{idNumber.ToLowerInvariant()}" });
        Assert.Equal([id], byHash.Hits.Select(h => h.ContentItemId));
        Assert.Empty((await SearchAsync(factory, "town-staff", new SearchRequest { Text = "idNumber:110105194912310038" })).Hits);

        // The plain number is in no field, stored or indexed.
        Assert.Equal(0, (await SearchAsync(factory, GrassrootsFactory.AdminUserName, new SearchRequest { Text = idNumber })).Total);
        Assert.Equal(0, (await SearchAsync(factory, GrassrootsFactory.AdminUserName, new SearchRequest { Text = "110105" })).Total);
        var title = await SearchAsync(factory, GrassrootsFactory.AdminUserName, new SearchRequest { Text = "低保" });
        Assert.Equal([id], title.Hits.Select(h => h.ContentItemId));
        Assert.DoesNotContain(title.Hits[0].Highlights.Values.SelectMany(v => v), h => h.Contains("1101", StringComparison.Ordinal));

        // A village clerk without ViewSensitiveData may not look up by ID number.
        await Assert.ThrowsAsync<SearchQueryException>(() => SearchAsync(factory, "tbp-clerk", new SearchRequest { Text = $"idNumber:{idNumber}" }));
    }
}
