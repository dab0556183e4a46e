using System.Text;
using Grassroots.Commands;
using Grassroots.ContentManagement;
using Grassroots.Data;
using Grassroots.Recipes;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Grassroots.Tests.Infrastructure;
using Grassroots.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.ServiceRequests.Network;

/// <summary>The Changle recipe's service network and guides, the catalog's lookups, work queues and the unique item code.</summary>
public sealed class ServiceNetworkCatalogTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Recipe_builds_the_four_level_network_with_windows_and_runs_again_without_duplicates(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        _ = factory.CreateClient();
        await AssertNetworkAsync(factory);

        // Re-running the setup recipe's steps creates nothing twice.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var recipe = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "seeds", "recipes", "changle-county.recipe.json"));
            var json = System.Text.Json.Nodes.JsonNode.Parse(recipe)!.AsObject();
            var steps = json["steps"]!.AsArray().Where(s => (string?)s!["name"] is "serviceNetwork" || ((string?)s!["name"] == "content" && s["data"]![0]!["contentType"]!.GetValue<string>() == "ServiceGuide")).Select(s => s!.DeepClone()).ToArray();
            Assert.Equal(2, steps.Length);
            var again = new System.Text.Json.Nodes.JsonObject { ["name"] = "again", ["steps"] = new System.Text.Json.Nodes.JsonArray(steps) };
            await scope.ServiceProvider.GetRequiredService<IRecipeExecutor>().ExecuteAsync("again.recipe.json", Encoding.UTF8.GetBytes(again.ToJsonString()), null, "test");
        }

        await AssertNetworkAsync(factory);
    }

    private static async Task AssertNetworkAsync(GrassrootsFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        var points = await db.Set<ServicePoint>().AsNoTracking().ToListAsync();
        Assert.Single(points, p => p.Kind == ServicePointKind.CountyCenter);
        Assert.Equal(8, points.Count(p => p.Kind == ServicePointKind.TownRoom));
        Assert.Equal(392, points.Count(p => p.Kind == ServicePointKind.VillageStation));
        Assert.Equal(8, points.Count(p => p.Kind == ServicePointKind.Window));
        Assert.Equal(points.Count, points.Select(p => p.Code).Distinct().Count());

        var centre = points.Single(p => p.Code == "370725-C");
        Assert.Equal("昌乐县群众工作中心", centre.Name);
        Assert.Null(centre.ParentCode);
        var room = points.Single(p => p.Code == "370725001-R");
        Assert.Equal(("宝都街道群众工作室", "370725-C", "/370725/370725001/"), (room.Name, room.ParentCode, room.OrgPath));
        var station = points.Single(p => p.Code == "370725107277-S");
        Assert.Equal(("团埠坡村群众工作站", "370725107-R", "370725107277"), (station.Name, station.ParentCode, station.OrgUnitCode));
        var window = points.Single(p => p.Code == "370725001-R-W-MZ");
        Assert.Equal(("宝都街道民政窗口", "370725001-R", "370725001"), (window.Name, window.ParentCode, window.OrgUnitCode));
        Assert.Equal("县人力资源和社会保障局", points.Single(p => p.Code == "370725-C-W-SB").Department);

        var authorities = await db.Set<ServiceAuthority>().AsNoTracking().ToListAsync();
        Assert.Equal(authorities.Count, authorities.Select(a => (a.PointCode, a.ItemCode)).Distinct().Count());
        Assert.Equal(392, authorities.Count(a => a.ItemCode == "CL-SB-005" && a.PointCode.EndsWith("-S")));

        var guides = await scope.ServiceProvider.GetRequiredService<IContentManager>().Query()
            .Where(r => r.ContentType == "ServiceGuide" && r.Published && !r.Deleted).ToListAsync();
        Assert.Equal(6, guides.Count);
        Assert.Contains(guides, g => g.DisplayText == "城乡居民最低生活保障申请" && g.OrgUnitCode == "370725001");
        Assert.All(guides, g => Assert.Equal(1, g.Number));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Catalog_answers_authority_windows_guides_and_queues(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        _ = factory.CreateClient();
        await using var scope = factory.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<IServiceCatalog>();

        Assert.Equal("团埠坡村群众工作站", (await catalog.FindPointAsync("370725107277-S", default))!.Name);
        Assert.Null(await catalog.FindPointAsync("nope-S", default));

        Assert.True(await catalog.HasAuthorityAsync("370725107277-S", "CL-SB-002", default));
        Assert.True(await catalog.HasAuthorityAsync("370725107278-S", "CL-SB-005", default));
        Assert.False(await catalog.HasAuthorityAsync("370725107278-S", "CL-SB-002", default));
        Assert.False(await catalog.HasAuthorityAsync("370725107277-S", "CL-MZ-001", default));
        Assert.True(await catalog.HasAuthorityAsync("370725001-R-W-MZ", "CL-MZ-001", default));

        var windows = await catalog.FindWindowsAsync("370725001-R", "CL-CJ-004", default);
        Assert.Equal(["370725001-R-W-CJ", "370725001-R-W-MZ", "370725001-R-W-SB"], windows.Select(w => w.Code));
        Assert.Equal(["370725001-R-W-MZ", "370725001-R-W-SB", "370725001-R-W-CJ"], (await catalog.FindWindowsAsync("370725001-R", null, default)).Select(w => w.Code));
        Assert.Equal(["370725-C-W-SB", "370725-C-W-MZ"], (await catalog.FindWindowsAsync("370725-C", "CL-SB-005", default)).Select(w => w.Code));
        Assert.Empty(await catalog.FindWindowsAsync("370725107277-S", "CL-SB-005", default));

        var dibao = await catalog.FindGuideAsync("CL-MZ-001", default);
        Assert.NotNull(dibao);
        Assert.Equal(("城乡居民最低生活保障申请", "370725001-R", "370725001-R-W-MZ", "370725001"), (dibao.ItemName, dibao.OfficeCode, dibao.WindowCode, dibao.OrgUnitCode));
        Assert.False(dibao.IsImmediate);
        Assert.Equal(10, dibao.TimeLimitDays);
        Assert.Equal(5, dibao.Materials.Count);
        Assert.Equal("最低生活保障申请书", dibao.Materials[0]);
        Assert.Equal("免费", dibao.Fees);
        var card = await catalog.FindGuideAsync("CL-SB-005", default);
        Assert.True(card!.IsImmediate);
        Assert.Equal(0, card.TimeLimitDays);
        Assert.Null(await catalog.FindGuideAsync("CL-XX-999", default));

        Assert.Equal(6, (await catalog.ListGuidesAsync(null, null, default)).Count);
        Assert.Equal(["CL-MZ-001", "CL-MZ-003", "CL-MZ-006"], (await catalog.ListGuidesAsync(null, "mz", default)).Select(g => g.ItemCode));
        Assert.Equal(["CL-MZ-003"], (await catalog.ListGuidesAsync(null, "临时救助", default)).Select(g => g.ItemCode));
        Assert.Equal(["CL-CJ-004", "CL-MZ-001", "CL-MZ-003"], (await catalog.ListGuidesAsync("370725001-R", null, default)).Select(g => g.ItemCode));
        Assert.Equal(["CL-MZ-006", "CL-SB-002", "CL-SB-005"], (await catalog.ListGuidesAsync("370725-C", null, default)).Select(g => g.ItemCode));
        Assert.Equal(["CL-SB-002", "CL-SB-005"], (await catalog.ListGuidesAsync("370725107277-S", null, default)).Select(g => g.ItemCode));

        // Work queues: "sp:" + every enabled point the user staffs.
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        db.AddRange(
            new ServicePointStaff { PointCode = "370725001-R", UserName = "clerk1", IsDispatcher = true },
            new ServicePointStaff { PointCode = "370725001-R-W-MZ", UserName = "clerk1" },
            new ServicePointStaff { PointCode = "370725107-R-W-CJ", UserName = "clerk1" });
        var disabled = await db.Set<ServicePoint>().SingleAsync(p => p.Code == "370725107-R-W-CJ");
        disabled.Enabled = false;
        await db.SaveChangesAsync();
        var memberships = scope.ServiceProvider.GetServices<ITaskQueueMembership>().ToList();
        var queues = new List<string>();
        foreach (var m in memberships)
        {
            queues.AddRange(await m.GetQueuesAsync("clerk1", default));
        }

        Assert.Equal(["sp:370725001-R", "sp:370725001-R-W-MZ"], queues.Order());
        Assert.Empty(await memberships.Single(m => m.GetType().Name == "ServicePointQueueMembership").GetQueuesAsync("nobody", default));
        var staffed = await catalog.GetUserPointsAsync("clerk1", default);
        Assert.Equal(2, staffed.Count);
        Assert.True(staffed.Single(s => s.Point.Code == "370725001-R").IsDispatcher);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_second_published_guide_with_the_same_item_code_is_refused(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        _ = factory.CreateClient();
        await using var scope = factory.Services.CreateAsyncScope();
        var content = scope.ServiceProvider.GetRequiredService<IContentManager>();

        var copy = await NewGuideAsync(content, "CL-MZ-001", "低保申请（重复）");
        var published = await content.CreateAsync(copy, VersionOptions.Published);
        Assert.Equal(CommandStatus.Invalid, published.Status);
        Assert.Contains("已发布的办事指南「城乡居民最低生活保障申请」使用", published.Errors["ServiceGuide.ItemCode"][0]);

        // A draft may carry the code, but publishing it is refused while the other guide is published …
        var draft = await content.CreateAsync(await NewGuideAsync(content, "CL-MZ-001", "低保申请（草稿）"), VersionOptions.Draft);
        Assert.True(draft.Succeeded, string.Join(";", draft.Errors.SelectMany(e => e.Value)));
        var publish = await content.PublishAsync(draft.Value!.ContentItemId);
        Assert.Equal(CommandStatus.Invalid, publish.Status);
        Assert.False((await content.UpdateAsync(draft.Value, draft.Value.ConcurrencyStamp, publish: true)).Succeeded);
        Assert.Null(await content.GetAsync(draft.Value.ContentItemId));

        // … and allowed once the original is unpublished; the original's own edits stay publishable.
        Assert.True((await content.UnpublishAsync("demo-guide-cl-mz-001")).Succeeded);
        Assert.True((await content.PublishAsync(draft.Value.ContentItemId)).Succeeded);
        var catalog = scope.ServiceProvider.GetRequiredService<IServiceCatalog>();
        Assert.Equal("低保申请（草稿）", (await catalog.FindGuideAsync("CL-MZ-001", default))!.ItemName);

        var own = (await content.GetAsync("demo-guide-cl-sb-002", VersionOptions.Latest))!;
        own.SetFieldValue("ServiceGuide", "Fees", System.Text.Json.Nodes.JsonValue.Create("免费（不收取任何费用）"));
        Assert.True((await content.UpdateAsync(own, own.ConcurrencyStamp, publish: true)).Succeeded);

        // Pattern, office, window and promised days.
        var bad = await NewGuideAsync(content, "-bad code", "坏编码");
        bad.SetFieldValue("ServiceGuide", "Office", System.Text.Json.Nodes.JsonValue.Create("370725107-R"));
        bad.SetFieldValue("ServiceGuide", "Window", System.Text.Json.Nodes.JsonValue.Create("370725001-R-W-MZ"));
        bad.SetFieldValue("ServiceGuide", "TimeLimitDays", System.Text.Json.Nodes.JsonValue.Create(0));
        var refused = await content.CreateAsync(bad, VersionOptions.Published);
        Assert.Contains("事项编码须以字母或数字开头", refused.Errors["ServiceGuide.ItemCode"][0]);
        bad.SetFieldValue("ServiceGuide", "ItemCode", System.Text.Json.Nodes.JsonValue.Create("CL-NEW-100"));
        refused = await content.CreateAsync(bad, VersionOptions.Published);
        Assert.Contains("所属组织机构须与办理机构", refused.Errors["orgUnitCode"][0]);
        Assert.Contains("不是「乔官镇群众工作室」下设的窗口", refused.Errors["ServiceGuide.Window"][0]);
        Assert.Contains("承诺件须填写承诺时限", refused.Errors["ServiceGuide.TimeLimitDays"][0]);
    }

    internal static async Task<ContentItem> NewGuideAsync(IContentManager content, string code, string name)
    {
        var item = await content.NewAsync("ServiceGuide");
        item.OrgUnitCode = "370725001";
        item.SetFieldValue("ServiceGuide", "ItemName", System.Text.Json.Nodes.JsonValue.Create(name));
        item.SetFieldValue("ServiceGuide", "ItemCode", System.Text.Json.Nodes.JsonValue.Create(code));
        item.SetFieldValue("ServiceGuide", "Office", System.Text.Json.Nodes.JsonValue.Create("370725001-R"));
        item.SetFieldValue("ServiceGuide", "TimeLimitKind", System.Text.Json.Nodes.JsonValue.Create("promised"));
        item.SetFieldValue("ServiceGuide", "TimeLimitDays", System.Text.Json.Nodes.JsonValue.Create(10));
        return item;
    }
}
