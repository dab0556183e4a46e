using System.Net;
using System.Text;
using Grassroots.Data;
using Grassroots.Inspections.Models;
using Grassroots.Security;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Grassroots.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.ServiceRequests.Kpi;

/// <summary>
/// 考核指标 on a known dataset of 15 hand-made facts rows (<see cref="KpiDataset"/>): every KPI is computed by hand there
/// and asserted to the unit through the CSV export, the table, the dashboard and the public disclosure.
/// </summary>
public sealed class ServiceKpiTests
{
    private const string Password = "Kpi-Pass-2026-x";

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Kpis_by_town_office_month_and_item_match_the_hand_computed_figures(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await KpiDataset.InsertAsync(factory);
        using var admin = await factory.CreateApiClientAsync();

        // By town (county administrator: both towns).
        var towns = await CsvAsync(admin, "/admin/service/kpis/export.csv?by=town");
        Assert.Equal(KpiDataset.CsvHeader, towns[0]);
        Assert.Equal(4, towns.Count);
        // 宝都街道 r01–r07: 7 registered, 5 completed; one-visit r01 r02 r04 r05 = 4/5; on time r01 r02 r03 r05 = 4/5;
        // followed up r01–r04 = 4/5; answered r01 r02 r03 = 3, satisfied r01(5) r02(4) = 2/3 = 66.666… → 66.7%;
        // days 3+2+5+7+1 = 18/5 = 3.6; supervised r04 r06 = 2; currently overdue r06 = 1.
        Assert.Equal("宝都街道,370725001,7,5,4,80.0%,4,80.0%,4,80.0%,3,2,66.7%,3.6,2,1", Row(towns, "370725001"));
        // 乔官镇 r08–r15: 8 registered, 6 completed (r08 r09 r10 r11 r12 r15); one-visit r08 r10 r11 r15 = 4/6 = 66.7%;
        // on time r08 r09 r10 r12 r15 = 5/6 = 83.3%; followed up r08 r09 r10 r11 r15 = 5/6 = 83.3%; answered 5,
        // satisfied r08(5) r10(4) r11(5) r15(4) = 4/5 = 80.0%; days 4+6+2+9+3+0 = 24/6 = 4.0; supervised r11 = 1; overdue 0.
        Assert.Equal("乔官镇,370725107,8,6,4,66.7%,5,83.3%,5,83.3%,5,4,80.0%,4.0,1,0", Row(towns, "370725107"));
        // Total: 15, 11 completed; 8/11 = 72.727… → 72.7%; 9/11 = 81.8%; 9/11 = 81.8%; 6/8 = 75.0%; 42/11 = 3.818… → 3.8; 3; 1.
        Assert.Equal("合计,,15,11,8,72.7%,9,81.8%,9,81.8%,8,6,75.0%,3.8,3,1", towns[^1]);
        Assert.Equal("乔官镇", towns[1].Split(',')[0]); // most requests first

        // By office: OfficeCode when completed, else the current point (r06 is at the 民政窗口, r07 at the room, r13 r14 at the 社保窗口).
        var offices = await CsvAsync(admin, "/admin/service/kpis/export.csv?by=office");
        Assert.Equal(5, offices.Count);
        Assert.Equal("宝都街道民政窗口,370725001-R-W-KPIMZ,6,5,4,80.0%,4,80.0%,4,80.0%,3,2,66.7%,3.6,2,1", Row(offices, "370725001-R-W-KPIMZ"));
        Assert.Equal("乔官镇社保窗口,370725107-R-W-KPISB,8,6,4,66.7%,5,83.3%,5,83.3%,5,4,80.0%,4.0,1,0", Row(offices, "370725107-R-W-KPISB"));
        // Nothing completed at the room yet: every rate and the average are "—".
        Assert.Equal("宝都街道群众工作室,370725001-R,1,0,0,—,0,—,0,—,0,0,—,—,0,0", Row(offices, "370725001-R"));

        // By month.
        var months = await CsvAsync(admin, "/admin/service/kpis/export.csv?by=month");
        // 2026-09: r01 r02 r03 r04 r08 r09 r10 r15, all completed; one-visit r01 r02 r04 r08 r10 r15 = 6/8 = 75.0%;
        // on time all but r04 = 7/8 = 87.5%; followed up 8/8; answered all but r04 = 7, satisfied r01 r02 r08 r10 r15 = 5/7
        // = 71.428… → 71.4%; days 3+2+5+7+4+6+2+0 = 29/8 = 3.625 → 3.6; supervised r04 = 1.
        Assert.Equal("2026-09,2026-09,8,8,6,75.0%,7,87.5%,8,100.0%,7,5,71.4%,3.6,1,0", months[1]);
        // 2026-10: r05 r06 r07 r11 r12 r13 r14; completed r05 r11 r12 = 3; one-visit r05 r11 = 2/3 = 66.7%; on time r05 r12
        // = 2/3; followed up r11 = 1/3 = 33.3%; satisfied 1/1 = 100.0%; days 1+9+3 = 13/3 = 4.333… → 4.3; supervised r06 r11 = 2; overdue r06.
        Assert.Equal("2026-10,2026-10,7,3,2,66.7%,2,66.7%,1,33.3%,1,1,100.0%,4.3,2,1", months[2]);

        // By item, filtered to one month and one town (filters are ANDed in the query).
        var items = await CsvAsync(admin, "/admin/service/kpis/export.csv?by=item&from=2026-09&to=2026-09&town=370725107");
        // 乔官镇 in 2026-09: r08 r09 r10 (低保申请) and r15 (社保卡补办).
        Assert.Equal("最低生活保障申请,KPI-DB,3,3,2,66.7%,3,100.0%,3,100.0%,3,2,66.7%,4.0,0,0", Row(items, "KPI-DB"));
        Assert.Equal("社会保障卡补办,KPI-SB,1,1,1,100.0%,1,100.0%,1,100.0%,1,1,100.0%,0.0,0,0", Row(items, "KPI-SB"));

        // The table shows the same figures with counts beside the rates, and a totals row.
        var table = await admin.GetStringAsync("/admin/service/kpis?by=town");
        Assert.Contains("72.7%（8/11）", table);
        Assert.Contains("66.7%（2/3）", table);
        Assert.Contains("id=\"kpi-total\"", table);
        Assert.Contains("href=\"/admin/service/kpis?by=office&amp;town=370725001\"", table);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_town_user_sees_only_the_town_and_the_export_is_utf8_with_bom(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await KpiDataset.InsertAsync(factory);
        await CreateUserAsync(factory, "bd-kpi", "370725001", "TownStaff");
        using var town = await factory.CreateApiClientAsync("bd-kpi", Password);

        var response = await town.GetAsync("/admin/service/kpis/export.csv?by=town");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("宝都街道,370725001,7,5,", lines[1]);
        Assert.Equal("合计,,7,5,4,80.0%,4,80.0%,4,80.0%,3,2,66.7%,3.6,2,1", lines[2]);

        // Asking for the other town gives nothing (the jurisdiction is in the query).
        var other = await CsvAsync(town, "/admin/service/kpis/export.csv?by=office&town=370725107");
        Assert.Equal("合计,,0,0,0,—,0,—,0,—,0,0,—,—,0,0", other[^1]);

        // The dashboard starts at the town: offices of 宝都街道 only, breadcrumb 全县 › 宝都街道.
        var dashboard = await town.GetStringAsync("/admin/service");
        Assert.Contains("宝都街道民政窗口", dashboard);
        Assert.DoesNotContain("乔官镇社保窗口", dashboard);
        Assert.Contains("data-kpi=\"registered\">7<", dashboard);

        // A resident has no access.
        await CreateUserAsync(factory, "resident-kpi", "370725001036", "Resident");
        using var resident = await factory.CreateApiClientAsync("resident-kpi", Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync("/admin/service/kpis")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync("/admin/service/kpis/export.csv")).StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Dashboard_renders_cards_charts_and_drill_down_links(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await KpiDataset.InsertAsync(factory);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
            db.Add(new ServicePointStaff { PointCode = "370725001-R-W-KPIMZ", UserName = GrassrootsFactory.AdminUserName });
            db.Add(new InspectionComment
            {
                OrgUnitCode = "370725001", OrgPath = "/370725/370725001/", UserName = "inspector", AuthorName = "王代表",
                Text = "民政窗口低保审核要再提速。", CreatedUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var client = factory.CreateBrowserlikeClient();
        await GrassrootsFactory.SignInAsync(client);
        var county = await client.GetStringAsync("/admin/service");
        // Workload in the jurisdiction by current stage: r06 r13 in progress, r07 awaiting dispatch, r14 awaiting materials,
        // r05 r12 completed (待回访); closed requests are not work.
        Assert.Contains("data-stage=\"InProgress\">2<", county);
        Assert.Contains("data-stage=\"AwaitingDispatch\">1<", county);
        Assert.Contains("data-stage=\"AwaitingMaterials\">1<", county);
        Assert.Contains("data-stage=\"Completed\">2<", county);
        // 我的逾期: the admin staffs the 民政窗口, where r06 is overdue.
        Assert.Contains("id=\"kpi-my-overdue-count\">1<", county);
        Assert.Contains("20261005-R06XKP", county);
        Assert.Contains("data-kpi=\"onevisit\">72.7%（8/11）<", county);
        Assert.Contains("data-chart=\"bar\"", county);
        Assert.Contains("/_content/Grassroots.Themes.Admin/lib/echarts/echarts.min.js", county);
        Assert.Contains("/_content/Grassroots.ServiceRequests/js/service-kpi-charts.js", county);
        Assert.DoesNotContain("<script>", county);
        // Drill-down without JavaScript: town links in the table, and the same links in the chart data.
        Assert.Contains("<a href=\"/admin/service?town=370725001\">宝都街道</a>", county);
        Assert.Contains("/admin/service?town=370725001", System.Net.WebUtility.HtmlDecode(county));

        var town = await client.GetStringAsync("/admin/service?town=370725001");
        Assert.Contains("<li class=\"breadcrumb-item\"><a href=\"/admin/service\">全县</a></li>", town);
        Assert.Contains("<li class=\"breadcrumb-item active\" aria-current=\"page\">宝都街道</li>", town);
        Assert.Contains("<a href=\"/admin/service?town=370725001&amp;office=370725001-R-W-KPIMZ\">宝都街道民政窗口</a>", town);

        var office = await client.GetStringAsync("/admin/service?town=370725001&office=370725001-R-W-KPIMZ");
        Assert.Contains("<li class=\"breadcrumb-item active\" aria-current=\"page\">宝都街道民政窗口</li>", office);
        Assert.Contains("最低生活保障申请", office);
        Assert.Contains("data-kpi=\"registered\">6<", office);

        // The script file and the vendored library are served.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_content/Grassroots.ServiceRequests/js/service-kpi-charts.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_content/Grassroots.Themes.Admin/lib/echarts/echarts.min.js")).StatusCode);

        // Inspector comments on towns/offices appear under the KPI table.
        var kpis = await client.GetStringAsync("/admin/service/kpis");
        Assert.Contains("民政窗口低保审核要再提速。", kpis);
        Assert.Contains("王代表", kpis);

        var help = await client.GetStringAsync("/admin/service/kpis/help");
        Assert.Contains("一次办结率 = 一次办结的件数 ÷ 办结量 × 100%", help);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Public_disclosure_shows_figures_without_personal_data(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await KpiDataset.InsertAsync(factory);
        using var anonymous = factory.CreateClient();

        var page = await anonymous.GetStringAsync("/service/disclosure?month=2026-09");
        Assert.Contains("办件公示", page);
        // 宝都街道 in 2026-09: r01–r04, all completed; one-visit 3/4 = 75.0%, on time 3/4, satisfied 2/3 = 66.7%.
        Assert.Contains("75.0%（3/4）", page);
        Assert.Contains("66.7%（2/3）", page);
        // 乔官镇 in 2026-09: r08 r09 r10 r15; one-visit 3/4, on time 4/4, satisfied r08 r10 r15 = 3/4.
        Assert.Contains("100.0%（4/4）", page);
        Assert.Contains("宝都街道民政窗口", page);
        Assert.Contains("/service/kpis/help", page);

        var completed = await anonymous.GetStringAsync("/service/disclosure/completed?month=2026-09");
        Assert.Contains("共 8 件", completed);
        Assert.Contains("20260903-****KP", completed);
        Assert.Contains("最低生活保障申请", completed);
        Assert.Contains("非常满意", completed);
        Assert.Contains("未答复", completed); // r04 was followed up without an answer
        foreach (var row in KpiDataset.Rows)
        {
            Assert.DoesNotContain(row.ReceiptCode, completed);
            Assert.DoesNotContain(row.ContentItemId, completed);
            Assert.DoesNotContain(row.ReceiptCode, page);
        }

        var byTown = await anonymous.GetStringAsync("/service/disclosure/completed?month=2026-09&town=370725001");
        Assert.Contains("共 4 件", byTown);

        var help = await anonymous.GetStringAsync("/service/kpis/help");
        Assert.Contains("满意率 = （满意 + 非常满意）的件数 ÷ 有答复的回访件数", help);
    }

    [Fact]
    public void Rates_and_averages_round_half_away_from_zero()
    {
        Assert.Equal(6.3m, new KpiRate(1, 16).Percent);      // 6.25 (banker's rounding would give 6.2)
        Assert.Equal(1.3m, new KpiRate(1, 80).Percent);      // 1.25
        Assert.Equal(66.7m, new KpiRate(2, 3).Percent);
        Assert.Null(new KpiRate(0, 0).Percent);
        Assert.Equal("—", new KpiRate(0, 0).ToString());
        Assert.Equal("86.0%（86/100）", new KpiRate(86, 100).ToString());
        Assert.Equal(2.3m, new KpiCounts { HandlingDaysSum = 9, HandlingDaysCount = 4 }.AverageHandlingDays); // 2.25
        Assert.Equal("20261128-****MX", ServiceKpiService.MaskReceiptCode("20261128-7KQ3MX"));
    }

    private static string Row(List<string> lines, string key) => lines.Single(l => l.Split(',')[1] == key);

    private static async Task<List<string>> CsvAsync(HttpClient client, string url)
    {
        var bytes = await client.GetByteArrayAsync(url);
        Assert.Equal(0xEF, bytes[0]);
        return Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static async Task CreateUserAsync(GrassrootsFactory factory, string userName, string orgUnit, string role)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
        var user = new GrassrootsUser { UserName = userName, DisplayName = userName, OrgUnitCode = orgUnit, CreatedUtc = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
    }
}
