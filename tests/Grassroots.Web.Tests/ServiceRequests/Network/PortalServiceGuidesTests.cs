using System.Net;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.ServiceRequests.Network;

/// <summary>Public guide pages show published guides only; the dashboard guide list.</summary>
public sealed class PortalServiceGuidesTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Portal_lists_searches_and_shows_published_guides_only(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        var client = factory.CreateClient();

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var content = scope.ServiceProvider.GetRequiredService<IContentManager>();
            var draft = await content.CreateAsync(await ServiceNetworkCatalogTests.NewGuideAsync(content, "CL-DR-007", "草稿中的事项"), VersionOptions.Draft);
            Assert.True(draft.Succeeded);

            // A draft edit of a published guide is not shown until published.
            var dibao = (await content.GetAsync("demo-guide-cl-mz-001", VersionOptions.Latest))!;
            dibao.SetFieldValue("ServiceGuide", "ItemName", JsonValue.Create("低保申请（修改中）"));
            dibao.SetFieldValue("ServiceGuide", "TimeLimitDays", JsonValue.Create(20));
            Assert.True((await content.UpdateAsync(dibao, dibao.ConcurrencyStamp, publish: false)).Succeeded);
        }

        var list = await client.GetStringAsync("/service/guides");
        foreach (var name in new[] { "城乡居民最低生活保障申请", "城乡居民基本养老保险参保登记", "临时救助申请", "农村危房改造申请", "社会保障卡补办", "老年人高龄津贴申领" })
        {
            Assert.Contains(name, list);
        }

        Assert.DoesNotContain("草稿中的事项", list);
        Assert.DoesNotContain("修改中", list);
        Assert.Contains("href=\"/service/guides\"", list);   // the portal nav
        Assert.Contains("href=\"/service/track\"", list);

        var search = await client.GetStringAsync("/service/guides?q=" + Uri.EscapeDataString("救助"));
        Assert.Contains("临时救助申请", search);
        Assert.DoesNotContain("城乡居民最低生活保障申请", search);
        Assert.Contains("共 1 项", search);
        var byCode = await client.GetStringAsync("/service/guides?q=cl-sb");
        Assert.Contains("社会保障卡补办", byCode);
        Assert.DoesNotContain("临时救助申请", byCode);
        var centre = await client.GetStringAsync("/service/guides?office=370725-C");
        Assert.Contains("老年人高龄津贴申领", centre);
        Assert.DoesNotContain("农村危房改造申请", centre);
        Assert.Contains("没有找到相关的办事指南", await client.GetStringAsync("/service/guides?q=CL-DR-007"));

        var guide = await client.GetStringAsync("/service/guides/CL-MZ-001");
        Assert.Contains("城乡居民最低生活保障申请", guide);
        Assert.DoesNotContain("修改中", guide);
        Assert.Contains("10 个工作日", guide);
        Assert.Contains("<li>最低生活保障申请书</li>", guide);
        var steps = guide[guide.IndexOf("<ol class=\"gr-guide-steps\">", StringComparison.Ordinal)..];
        Assert.StartsWith("<li>申请人向户籍所在地村(社区)群众工作站或镇(街道)群众工作室提出书面申请</li>", steps[(steps.IndexOf('>') + 1)..].TrimStart());
        Assert.Contains("<li>镇(街道)审核确认，发放最低生活保障证</li>", steps[..steps.IndexOf("</ol>", StringComparison.Ordinal)]);
        Assert.Contains("《社会救助暂行办法》", guide);
        Assert.Contains("宝都街道群众工作室 · 宝都街道民政窗口", guide);
        Assert.Contains("工作纪律", guide);
        Assert.Contains("href=\"/service/submit?item=CL-MZ-001\"", guide);
        Assert.Contains("/_content/Grassroots.ServiceRequests/css/service-portal.css", guide);
        Assert.Contains("即办", await client.GetStringAsync("/service/guides/CL-SB-005"));
        Assert.Contains("工本费 20 元", await client.GetStringAsync("/service/guides/CL-SB-005"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/service/guides/CL-DR-007")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/service/guides/CL-DR-007/print")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/service/guides/NO-SUCH")).StatusCode);

        var print = await client.GetStringAsync("/service/guides/CL-MZ-001/print");
        Assert.Contains("data-gr-print", print);
        Assert.DoesNotContain("gr-portal-header", print);
        Assert.Contains("<li>家庭经济状况核对授权书</li>", print);
        var css = await client.GetStringAsync("/_content/Grassroots.ServiceRequests/css/service-portal.css");
        Assert.Contains("@media print", css);

        var station = await client.GetStringAsync("/service/offices/370725107277-S");
        Assert.Contains("团埠坡村群众工作站", station);
        Assert.Contains("社会保障卡补办", station);
        Assert.Contains("城乡居民基本养老保险参保登记", station);
        Assert.DoesNotContain("城乡居民最低生活保障申请", station);
        Assert.Contains("乔官镇群众工作室", station);   // breadcrumb to its room
        var room = await client.GetStringAsync("/service/offices/370725001-R");
        Assert.Contains("昌乐县宝都街道办事处一楼大厅", room);
        Assert.Contains("href=\"/service/offices/370725001-R-W-MZ\"", room);
        Assert.Contains("农村危房改造申请", room);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/service/offices/NOPE-S")).StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Guide_admin_lists_drafts_and_published_guides_for_editors_only(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await JurisdictionTestUsers.CreateAsync(factory, "resident1", "370725107277", "Resident");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var content = scope.ServiceProvider.GetRequiredService<IContentManager>();
            Assert.True((await content.CreateAsync(await ServiceNetworkCatalogTests.NewGuideAsync(content, "CL-DR-007", "草稿中的事项"), VersionOptions.Draft)).Succeeded);
        }

        using var admin = await factory.CreateApiClientAsync();
        var html = await admin.GetStringAsync("/admin/service/guides");
        Assert.Contains("草稿中的事项", html);
        Assert.Contains("城乡居民最低生活保障申请", html);
        Assert.Contains("href=\"/admin/content/ServiceGuide/create\"", html);
        Assert.Contains("href=\"/admin/content/item/demo-guide-cl-mz-001/edit\"", html);
        Assert.Contains("href=\"/service/guides/CL-MZ-001/print\"", html);
        var drafts = await admin.GetStringAsync("/admin/service/guides?status=draft");
        Assert.Contains("草稿中的事项", drafts);
        Assert.DoesNotContain("城乡居民最低生活保障申请", drafts);

        using var resident = await factory.CreateApiClientAsync("resident1", JurisdictionTestUsers.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync("/admin/service/guides")).StatusCode);
    }
}
