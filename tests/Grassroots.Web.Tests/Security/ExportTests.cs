using System.Net;
using System.Text;
using Grassroots.Audit;
using Grassroots.Data;
using Grassroots.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using static Grassroots.Tests.Security.JurisdictionTestUsers;

namespace Grassroots.Tests.Security;

/// <summary>Exports: permission ExportContent, rows within jurisdiction, sensitive values masked, audited.</summary>
public sealed class ExportTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Village_and_town_exports_hold_only_their_rows_masked_and_are_audited(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        var id = await SensitiveDataTests.CreateReportAsync(factory);
        await GrantAsync(factory, "Exporter", "ExportContent");
        await CreateAsync(factory, "tbp-clerk", "370725107277", "VillageStaff", "Exporter");
        await CreateAsync(factory, "tbp-plain", "370725107277", "VillageStaff");
        await CreateAsync(factory, "qg-staff", "370725107", "TownStaff", "Exporter");

        // Without ExportContent: refused, and no export button.
        using (var plain = await factory.CreateApiClientAsync("tbp-plain", Password))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await plain.GetAsync("/api/content/export?type=OpinionReport&format=csv")).StatusCode);
        }

        using var browser = await LoginAsync(factory, "tbp-clerk");
        var list = await PageAsync(browser, "/admin/content/OpinionReport?status=published");
        Assert.Contains("/admin/content/OpinionReport/export?format=csv&amp;status=published".Replace("&amp;", "&"), list);

        // CSV from the screen: UTF-8 with BOM, header, the village's three reports only, sensitive values masked.
        var csvResponse = await browser.GetAsync("/admin/content/OpinionReport/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.StartsWith("text/csv", csvResponse.Content.Headers.ContentType!.ToString());
        var bytes = await csvResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length > 1
            ? csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            : csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("编号,标题,内容类型,组织机构代码,组织机构,状态", lines[0]);
        Assert.Contains("联系电话", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.Contains(lines, l => l.StartsWith(id + ","));
        Assert.Contains(lines, l => l.StartsWith("demo-opinion-tbp-0002,"));
        Assert.DoesNotContain("demo-opinion-hs-0001", csv);
        Assert.Contains("138****5678", csv);
        Assert.Contains("王*强", csv);
        Assert.DoesNotContain("13812345678", csv);
        Assert.DoesNotContain("王小强", csv);

        // The list's filters apply: drafts only.
        var drafts = await browser.GetStringAsync("/admin/content/OpinionReport/export?format=csv&status=draft");
        Assert.Contains("demo-opinion-tbp-0002", drafts);
        Assert.DoesNotContain("demo-opinion-tbp-0001", drafts);

        // XLSX from the API for the town: 团埠坡's reports, nothing from 宝都街道.
        using var town = await factory.CreateApiClientAsync("qg-staff", Password);
        var xlsx = await town.GetAsync("/api/content/export?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        await using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var ids = rows.Select(r => r["编号"]?.ToString()).ToList();
        Assert.Contains(id, ids);
        Assert.Contains("demo-opinion-tbp-0001", ids);
        Assert.DoesNotContain("demo-opinion-hs-0001", ids);
        Assert.DoesNotContain("demo-notice-baodu-0001", ids);
        Assert.Contains("demo-notice-county-0001", ids);

        var typed = await town.GetAsync("/api/content/export?type=OpinionReport&format=xlsx");
        await using var typedStream = new MemoryStream(await typed.Content.ReadAsByteArrayAsync());
        var typedRows = typedStream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(3, typedRows.Count);
        var phone = typedRows.Single(r => r["编号"]?.ToString() == id)["联系电话"]?.ToString();
        Assert.Equal("138****5678", phone);

        // Each export is audited with its count and filters.
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        var entries = await db.Set<AuditEntryRecord>().Where(e => e.Category == AuditCategories.Export).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(4, entries.Count);
        Assert.Equal("tbp-clerk", entries[0].UserName);
        Assert.Contains("\"count\":3", entries[0].Data);
        Assert.Contains("\"status\":\"draft\"", entries[1].Data);
        Assert.Equal("qg-staff", entries[2].UserName);
    }
}
