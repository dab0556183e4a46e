using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grassroots.Commands;
using Grassroots.ContentManagement;
using Grassroots.Data;
using Grassroots.ServiceRequests.Models;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServicePoint = Grassroots.ServiceRequests.Models.ServicePoint;

namespace Grassroots.Tests.ServiceRequests.Screens;

/// <summary>
/// A small service network of our own on top of whatever the recipe seeds: the 宝都街道 room with a 民政窗口 that has the
/// test item in its catalogue and a 城建窗口 that has not, the 乔官镇 room, one published guide, and staff users.
/// </summary>
internal static partial class ScreensTestSetup
{
    public const string ItemCode = "SCR-TEST-001";
    public const string ItemName = "测试事项：低保申请";
    public const string Room = "370725001-R";
    public const string Window = "370725001-R-W-MZ";
    public const string OtherWindow = "370725001-R-W-CJ";
    public const string OtherRoom = "370725107-R";

    /// <summary>宝都街道 dispatcher at the room.</summary>
    public const string Dispatcher = "scr-bd-disp";

    /// <summary>宝都街道 clerk of both windows (民政 has the item in its catalogue, 城建 has not).</summary>
    public const string WindowClerk = "scr-bd-cj";

    /// <summary>乔官镇 dispatcher: another town.</summary>
    public const string OtherTown = "scr-qg-disp";

    public const string Phone = "13805361234";

    /// <summary>The app on a new database of the kind, with the test network, guide and users.</summary>
    public static async Task<GrassrootsFactory> CreateSeededAsync(DatabaseKind kind)
    {
        var factory = await GrassrootsFactory.CreateAsync(kind);
        await SeedAsync(factory);
        return factory;
    }

    public static async Task SeedAsync(GrassrootsFactory factory)
    {
        await JurisdictionTestUsers.CreateAsync(factory, Dispatcher, "370725001", "TownStaff");
        await JurisdictionTestUsers.CreateAsync(factory, WindowClerk, "370725001", "TownStaff");
        await JurisdictionTestUsers.CreateAsync(factory, OtherTown, "370725107", "TownStaff");

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        await EnsurePointAsync(db, "370725-C", "县群众工作中心", ServicePointKind.CountyCenter, "370725", "/370725/", null);
        await EnsurePointAsync(db, Room, "宝都街道群众工作室", ServicePointKind.TownRoom, "370725001", "/370725/370725001/", "370725-C");
        await EnsurePointAsync(db, Window, "民政窗口", ServicePointKind.Window, "370725001", "/370725/370725001/", Room);
        await EnsurePointAsync(db, OtherWindow, "城建窗口", ServicePointKind.Window, "370725001", "/370725/370725001/", Room);
        await EnsurePointAsync(db, OtherRoom, "乔官镇群众工作室", ServicePointKind.TownRoom, "370725107", "/370725/370725107/", "370725-C");
        db.Set<ServiceAuthority>().Add(new ServiceAuthority { PointCode = Window, ItemCode = ItemCode });
        db.Set<ServicePointStaff>().AddRange(
            new ServicePointStaff { PointCode = Room, UserName = Dispatcher, IsDispatcher = true },
            new ServicePointStaff { PointCode = OtherWindow, UserName = WindowClerk },
            new ServicePointStaff { PointCode = Window, UserName = WindowClerk },
            new ServicePointStaff { PointCode = OtherRoom, UserName = OtherTown, IsDispatcher = true });
        await db.SaveChangesAsync();

        var contents = scope.ServiceProvider.GetRequiredService<IContentManager>();
        var guide = await contents.NewAsync("ServiceGuide");
        guide.OrgUnitCode = "370725001";
        void Set(string field, string value) => guide.SetFieldValue("ServiceGuide", field, JsonValue.Create(value));
        Set("ItemName", ItemName);
        Set("ItemCode", ItemCode);
        Set("Office", Room);
        Set("Materials", "身份证复印件\n户口簿复印件\n家庭收入证明");
        Set("Fees", "免费");
        Set("TimeLimitKind", "promised");
        Set("TimeLimitDays", "5");
        Set("Contact", "0536-6221000");
        var saved = await contents.CreateAsync(guide, VersionOptions.Published);
        Assert.True(saved.Status == CommandStatus.Succeeded, saved.Message + string.Join("; ", saved.Errors.SelectMany(e => e.Value)));
    }

    private static async Task EnsurePointAsync(DbContext db, string code, string name, ServicePointKind kind, string unit, string path, string? parent)
    {
        if (!await db.Set<ServicePoint>().AnyAsync(p => p.Code == code))
        {
            db.Set<ServicePoint>().Add(new ServicePoint { Code = code, Name = name, Kind = kind, OrgUnitCode = unit, OrgPath = path, ParentCode = parent });
            await db.SaveChangesAsync();
        }
    }

    /// <summary>Registers a request at the 宝都街道 room through the API as the dispatcher; returns (id, receipt code).</summary>
    public static async Task<(string Id, string Code)> RegisterAsync(HttpClient api, string name = "王秀兰")
    {
        var response = await api.PostAsJsonAsync("/api/service-requests", new
        {
            pointCode = Room, itemCode = ItemCode, channel = "phone", requesterName = name, requesterPhone = Phone,
            orgUnitCode = "370725001036", description = "申请城乡低保，家中两位老人无收入。",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (json["id"]!.GetValue<string>(), json["receiptCode"]!.GetValue<string>());
    }

    /// <summary>Adds or removes the test item from a window's catalogue.</summary>
    public static async Task SetAuthorityAsync(GrassrootsFactory factory, string pointCode, bool present)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        var lines = db.Set<ServiceAuthority>();
        var existing = await lines.Where(a => a.PointCode == pointCode && a.ItemCode == ItemCode).ToListAsync();
        if (present && existing.Count == 0)
        {
            lines.Add(new ServiceAuthority { PointCode = pointCode, ItemCode = ItemCode });
        }
        else if (!present)
        {
            lines.RemoveRange(existing);
        }

        await db.SaveChangesAsync();
    }

    public static async Task<string> HtmlAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>Posts a form the way a browser does: the antiforgery token of the page at <paramref name="pageUrl"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string postUrl, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetStringAsync(pageUrl);
        var all = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", JurisdictionTestUsers.Token(page)) };
        all.AddRange(fields);
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(all));
    }

    /// <summary>The handling forms (<c>data-action</c>) a page offers.</summary>
    public static IReadOnlyList<string> Actions(string html) => [.. ActionPattern().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<form [^>]*data-action=\"([a-z-]+)\"")]
    private static partial Regex ActionPattern();
}
