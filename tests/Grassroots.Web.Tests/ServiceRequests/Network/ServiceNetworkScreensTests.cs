using System.Net;
using System.Net.Http.Json;
using Grassroots.Data;
using Grassroots.ServiceRequests.Models;
using ServicePoint = Grassroots.ServiceRequests.Models.ServicePoint;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Security;
using Grassroots.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.ServiceRequests.Network;

/// <summary>The network admin screens: permission, jurisdiction, validation, staff and the authority catalogue.</summary>
public sealed class ServiceNetworkScreensTests
{
    private const string Password = JurisdictionTestUsers.Password;

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Network_screens_refuse_users_without_permission_and_keep_town_admins_inside_their_town(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await JurisdictionTestUsers.CreateAsync(factory, "tbp-staff", "370725107277", "VillageStaff");
        await JurisdictionTestUsers.GrantAsync(factory, "NetworkAdmin", "AccessAdminPanel", "ManageServiceNetwork");
        await JurisdictionTestUsers.CreateAsync(factory, "bd-netadmin", "370725001", "TownStaff", "NetworkAdmin");

        // No ManageServiceNetwork: every screen and every change is refused.
        using var plain = await ClientAsync(factory, "tbp-staff", Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await plain.GetAsync("/admin/service/network")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await plain.GetAsync("/admin/service/network/points/370725107277-S")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await plain.PostAsync("/admin/service/network/points/370725107277-S/authorities", Form(("items", "CL-MZ-001")))).StatusCode);
        Assert.False(await HasAuthorityAsync(factory, "370725107277-S", "CL-MZ-001"));

        // A town administrator sees the town's room, windows and stations only.
        using var town = await ClientAsync(factory, "bd-netadmin", Password);
        var list = await town.GetStringAsync("/admin/service/network?kind=VillageStation");
        Assert.Contains("370725001036-S", list);
        Assert.DoesNotContain("370725107277-S", list);
        var all = await town.GetStringAsync("/admin/service/network");
        Assert.Contains("370725001-R-W-MZ", all);
        Assert.DoesNotContain("370725-C-W-SB", all);
        Assert.DoesNotContain("370725107-R", all);

        Assert.Equal(HttpStatusCode.Forbidden, (await town.GetAsync("/admin/service/network/points/370725107-R")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await town.GetAsync("/admin/service/network/points/370725-C/edit")).StatusCode);
        var foreignEdit = await town.PostAsync("/admin/service/network/points/370725107-R/edit", Form(("Name", "改名"), ("Kind", "TownRoom"), ("ParentCode", "370725-C"), ("Enabled", "true")));
        Assert.Equal(HttpStatusCode.Forbidden, foreignEdit.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await town.PostAsync("/admin/service/network/points/370725107-R/staff", Form(("userName", "bd-netadmin")))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await town.PostAsync("/admin/service/network/points/370725107-R-W-MZ/authorities", Form(("items", "CL-MZ-001")))).StatusCode);
        Assert.Equal("乔官镇群众工作室", (await PointAsync(factory, "370725107-R"))!.Name);

        // Creating a window under another town's room is refused with a message, and nothing typed is lost.
        var outside = await town.PostAsync("/admin/service/network/points/new",
            Form(("Code", "370725107-R-W-GA"), ("Name", "公安窗口"), ("Kind", "Window"), ("ParentCode", "370725107-R"), ("Enabled", "true")));
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        var outsideHtml = await outside.Content.ReadAsStringAsync();
        Assert.Contains("不在您的管辖范围内", outsideHtml);
        Assert.Contains("value=\"公安窗口\"", outsideHtml);
        Assert.Null(await PointAsync(factory, "370725107-R-W-GA"));

        // Validation: missing name, a window under a station, a duplicate code.
        var invalid = await town.PostAsync("/admin/service/network/points/new",
            Form(("Code", "370725001-R-W-GA"), ("Name", ""), ("Kind", "Window"), ("ParentCode", "370725001036-S"), ("Department", "县公安局宝都派出所"), ("Enabled", "true")));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("请填写网点名称", invalidHtml);
        Assert.Contains("窗口只能设在县群众工作中心或镇(街道)群众工作室下", invalidHtml);
        Assert.Contains("value=\"县公安局宝都派出所\"", invalidHtml);
        var duplicate = await town.PostAsync("/admin/service/network/points/new",
            Form(("Code", "370725001-R-W-MZ"), ("Name", "民政窗口"), ("Kind", "Window"), ("ParentCode", "370725001-R"), ("Enabled", "true")));
        Assert.Contains("网点编码「370725001-R-W-MZ」已存在", await duplicate.Content.ReadAsStringAsync());

        // Inside the town: created, with the parent's org unit.
        var created = await town.PostAsync("/admin/service/network/points/new",
            Form(("Code", "370725001-R-W-GA"), ("Name", "公安窗口"), ("Kind", "Window"), ("ParentCode", "370725001-R"), ("Department", "宝都派出所"), ("Phone", "0536-6221110"), ("Enabled", "true"), ("SortOrder", "4")));
        AssertSaved(created);
        var window = await PointAsync(factory, "370725001-R-W-GA");
        Assert.Equal(("公安窗口", ServicePointKind.Window, "370725001", "/370725/370725001/", "宝都派出所"), (window!.Name, window.Kind, window.OrgUnitCode, window.OrgPath, window.Department));

        var edited = await town.PostAsync("/admin/service/network/points/370725001-R-W-GA/edit",
            Form(("Name", "公安户籍窗口"), ("Kind", "Window"), ("ParentCode", "370725001-R"), ("Hours", "工作日 9:00—17:00"), ("Enabled", "false")));
        AssertSaved(edited);
        window = await PointAsync(factory, "370725001-R-W-GA");
        Assert.Equal(("公安户籍窗口", "工作日 9:00—17:00", false), (window!.Name, window.Hours, window.Enabled));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Staff_must_exist_inside_the_point_and_the_catalogue_takes_ticked_and_pasted_codes(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await JurisdictionTestUsers.CreateAsync(factory, "hs-clerk", "370725001036", "VillageStaff");
        await JurisdictionTestUsers.CreateAsync(factory, "sgj-clerk", "370725107278", "VillageStaff");
        using var admin = await ClientAsync(factory);

        var missing = await admin.PostAsync("/admin/service/network/points/370725001-R-W-MZ/staff", Form(("userName", "no-such-user"), ("isDispatcher", "true")));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var missingHtml = await missing.Content.ReadAsStringAsync();
        Assert.Contains("用户「no-such-user」不存在", missingHtml);
        Assert.Contains("value=\"no-such-user\"", missingHtml);

        var foreign = await admin.PostAsync("/admin/service/network/points/370725001-R-W-MZ/staff", Form(("userName", "sgj-clerk")));
        Assert.Contains("不属于「宝都街道民政窗口」服务的组织机构", await foreign.Content.ReadAsStringAsync());

        AssertSaved(await admin.PostAsync("/admin/service/network/points/370725001-R-W-MZ/staff", Form(("userName", "hs-clerk"))));
        AssertSaved(await admin.PostAsync("/admin/service/network/points/370725001-R/staff", Form(("userName", "hs-clerk"), ("isDispatcher", "true"))));
        Assert.Contains("已在该网点任职", await (await admin.PostAsync("/admin/service/network/points/370725001-R/staff", Form(("userName", "hs-clerk")))).Content.ReadAsStringAsync());
        Assert.Equal(["sp:370725001-R", "sp:370725001-R-W-MZ"], await QueuesAsync(factory, "hs-clerk"));
        Assert.Contains("hs-clerk", await admin.GetStringAsync("/admin/service/network/points/370725001-R"));

        AssertSaved(await admin.PostAsync("/admin/service/network/points/370725001-R/staff/hs-clerk", Form(("action", "clerk"))));
        AssertSaved(await admin.PostAsync("/admin/service/network/points/370725001-R-W-MZ/staff/hs-clerk", Form(("action", "remove"))));
        Assert.Equal(["sp:370725001-R"], await QueuesAsync(factory, "hs-clerk"));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
            Assert.False((await db.Set<ServicePointStaff>().SingleAsync(s => s.UserName == "hs-clerk")).IsDispatcher);
        }

        // Catalogue: a malformed or unknown pasted code refuses the whole change and keeps the text.
        var bad = await admin.PostAsync("/admin/service/network/points/370725001036-S/authorities", Form(("items", "CL-SB-002"), ("pasted", "CL-MZ-001\n坏 编码")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("以下事项编码格式不正确：坏", badHtml);
        Assert.Matches("CL-MZ-001(\n|&#xA;)坏 编码</textarea>", badHtml);
        var unknown = await admin.PostAsync("/admin/service/network/points/370725001036-S/authorities", Form(("pasted", "CL-XX-999")));
        Assert.Contains("以下事项编码没有已发布的办事指南：CL-XX-999", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(["CL-SB-002", "CL-SB-005"], await AuthoritiesAsync(factory, "370725001036-S"));

        // Ticked CL-SB-005 (CL-SB-002 unticked) plus pasted CL-MZ-001, CL-MZ-003.
        var saved = await admin.PostAsync("/admin/service/network/points/370725001036-S/authorities", Form(("items", "CL-SB-005"), ("pasted", "CL-MZ-001，CL-MZ-003")));
        AssertSaved(saved);
        Assert.Equal(["CL-MZ-001", "CL-MZ-003", "CL-SB-005"], await AuthoritiesAsync(factory, "370725001036-S"));
        var page = await admin.GetStringAsync("/admin/service/network/points/370725001036-S");
        Assert.Contains("value=\"CL-MZ-003\" id=\"item-CL-MZ-003\" checked=\"checked\"", page);
        Assert.DoesNotContain("value=\"CL-SB-002\" id=\"item-CL-SB-002\" checked=\"checked\"", page);
    }

    /// <summary>A saved form redirects to the point page (the API client follows the redirect).</summary>
    private static void AssertSaved(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin/service/network/points/", response.Headers.Location!.OriginalString);
    }

    /// <summary>A bearer client that shows redirects instead of following them (a followed redirect drops the token).</summary>
    internal static async Task<HttpClient> ClientAsync(GrassrootsFactory factory, string userName = GrassrootsFactory.AdminUserName, string password = GrassrootsFactory.AdminPassword)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", json!["access_token"]!.GetValue<string>());
        return client;
    }

    internal static FormUrlEncodedContent Form(params (string Key, string Value)[] values)
        => new(values.Select(v => new KeyValuePair<string, string>(v.Key, v.Value)));

    private static async Task<ServicePoint?> PointAsync(GrassrootsFactory factory, string code)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext.Set<ServicePoint>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == code);
    }

    private static async Task<bool> HasAuthorityAsync(GrassrootsFactory factory, string point, string item)
        => (await AuthoritiesAsync(factory, point)).Contains(item);

    private static async Task<List<string>> AuthoritiesAsync(GrassrootsFactory factory, string point)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext.Set<ServiceAuthority>()
            .Where(a => a.PointCode == point).OrderBy(a => a.ItemCode).Select(a => a.ItemCode).ToListAsync();
    }

    private static async Task<List<string>> QueuesAsync(GrassrootsFactory factory, string userName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var queues = new List<string>();
        foreach (var membership in scope.ServiceProvider.GetServices<ITaskQueueMembership>())
        {
            queues.AddRange(await membership.GetQueuesAsync(userName, default));
        }

        return [.. queues.Order(StringComparer.Ordinal)];
    }
}
