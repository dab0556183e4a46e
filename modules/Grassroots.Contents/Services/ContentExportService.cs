using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Contents.Controllers;
using Grassroots.Modules;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Grassroots.Contents.Services;

/// <summary>
/// Exports the latest versions matching a list's filters, within the user's jurisdiction, with sensitive values always
/// masked, as CSV (UTF-8 with BOM) or XLSX, reading 1,000 rows at a time. Each export is audited.
/// </summary>
public sealed class ContentExportService(
    IContentManager contentManager,
    IContentDefinitionManager definitions,
    IEnabledServices<IContentFieldKind> kinds,
    IOrgUnitService orgUnits,
    ContentListService lists,
    ContentAccess access,
    ISensitiveDataService protector,
    IAuditTrail audit)
{
    public const int BatchSize = 1000;

    /// <summary>Writes the export; returns the number of rows.</summary>
    public async Task<int> WriteAsync(ClaimsPrincipal user, ContentTypeDefinition? type, ContentListScope scope, ContentListFilter filter,
        string format, Stream output, CancellationToken cancellationToken)
    {
        filter.Type = type?.Name;
        filter.Types = type is null ? scope.Types : null;
        var query = ContentListService.Sort(
            await lists.FilterAsync(filter, await access.ReadableQueryAsync(user, cancellationToken), scope.OwnOnlyTypes, user.Identity?.Name, cancellationToken), filter.Sort);
        var layout = type is null ? [] : await definitions.GetLayoutAsync(type.Name, cancellationToken);
        var fields = layout.SelectMany(p => p.Fields.Select(f => (Part: p.Name, Field: f))).ToList();
        var headers = new List<string> { "编号", "标题", "内容类型", "组织机构代码", "组织机构", "状态", "创建时间", "修改时间", "作者" };
        foreach (var (_, field) in fields)
        {
            var label = string.IsNullOrWhiteSpace(field.DisplayName) ? field.Name : field.DisplayName;
            while (headers.Contains(label))
            {
                label += "_";
            }

            headers.Add(label);
        }

        var types = (await definitions.ListTypeDefinitionsAsync(cancellationToken)).ToDictionary(t => t.Name);
        var orgNames = new Dictionary<string, string>();
        var count = 0;

        async IAsyncEnumerable<string?[]> Rows()
        {
            for (var skip = 0; ; skip += BatchSize)
            {
                var batch = await query.Skip(skip).Take(BatchSize).ToListAsync(cancellationToken);
                foreach (var record in batch)
                {
                    var item = contentManager.Load(record);
                    var masked = await MaskAsync(item, cancellationToken);
                    if (!orgNames.TryGetValue(record.OrgUnitCode, out var orgName))
                    {
                        orgName = (await orgUnits.GetAsync(record.OrgUnitCode, cancellationToken))?.Name ?? record.OrgUnitCode;
                        orgNames[record.OrgUnitCode] = orgName;
                    }

                    var row = new List<string?>
                    {
                        record.ContentItemId,
                        masked.DisplayText,
                        types.TryGetValue(record.ContentType, out var t) && !string.IsNullOrWhiteSpace(t.DisplayName) ? t.DisplayName : record.ContentType,
                        record.OrgUnitCode,
                        orgName,
                        record.Deleted ? "已删除" : record.Published ? "已发布" : "草稿",
                        Local(record.CreatedUtc),
                        Local(record.ModifiedUtc),
                        record.Author,
                    };
                    foreach (var (part, field) in fields)
                    {
                        var value = masked.GetFieldValue(part, field.Name);
                        row.Add(kinds.Find(field.Kind)?.ToText(value, field) ?? value?.ToJsonString());
                    }

                    count++;
                    yield return [.. row];
                }

                if (batch.Count < BatchSize)
                {
                    yield break;
                }
            }
        }

        if (format == "xlsx")
        {
            // MiniExcel writes synchronously from an enumerable: buffer a page at a time into a temporary file.
            var temp = Path.GetTempFileName();
            try
            {
                await using (var file = File.Create(temp))
                {
                    var enumerator = Rows().GetAsyncEnumerator(cancellationToken);
                    try
                    {
                        await Task.Run(() => MiniExcel.SaveAs(file, Sheet(enumerator, headers), printHeader: true, sheetName: "导出", excelType: ExcelType.XLSX), cancellationToken);
                    }
                    finally
                    {
                        await enumerator.DisposeAsync();
                    }
                }

                await using var read = File.OpenRead(temp);
                await read.CopyToAsync(output, cancellationToken);
            }
            finally
            {
                File.Delete(temp);
            }
        }
        else
        {
            await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true);
            await writer.WriteLineAsync(string.Join(",", headers.Select(Csv)));
            await foreach (var row in Rows())
            {
                await writer.WriteLineAsync(string.Join(",", row.Select(Csv)));
            }

            await writer.FlushAsync(cancellationToken);
        }

        await audit.RecordAsync(new AuditEvent
        {
            Category = AuditCategories.Export,
            Action = "content.exported",
            Summary = $"导出{(type is null ? "全部内容" : "「" + (string.IsNullOrWhiteSpace(type.DisplayName) ? type.Name : type.DisplayName) + "」")} {count} 条（{format}）",
            ContentType = type?.Name,
            Data = new JsonObject
            {
                ["count"] = count,
                ["format"] = format,
                ["filters"] = new JsonObject
                {
                    ["type"] = type?.Name, ["orgUnit"] = filter.OrgUnit, ["q"] = filter.Q, ["status"] = filter.Status, ["sort"] = filter.Sort,
                },
            },
        }, cancellationToken);
        return count;
    }

    /// <summary>Masks every sensitive value regardless of reveals (exports never contain clear sensitive values).</summary>
    private async Task<ContentItem> MaskAsync(ContentItem item, CancellationToken cancellationToken)
    {
        // ProtectAsync honours reveals; an anonymous principal never has one, so the copy is always masked.
        return await protector.ProtectAsync(Anonymous, item, cancellationToken);
    }

    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());

    // MiniExcel is synchronous: the enumerable pulls the async rows one page at a time on a pool thread.
    private static IEnumerable<IDictionary<string, object?>> Sheet(IAsyncEnumerator<string?[]> rows, List<string> headers)
    {
        while (rows.MoveNextAsync().AsTask().GetAwaiter().GetResult())
        {
            var row = new Dictionary<string, object?>(headers.Count);
            for (var i = 0; i < headers.Count; i++)
            {
                row[headers[i]] = rows.Current[i];
            }

            yield return row;
        }
    }

    private static string Local(DateTime? utc) => Localization.BusinessTime.FormatDateTime(utc);

    private static string Csv(string? value)
    {
        value ??= "";
        // Neutralise spreadsheet formulas.
        if (value.Length > 0 && (value[0] is '=' or '+' or '@' || (value[0] == '-' && !double.TryParse(value, CultureInfo.InvariantCulture, out _))))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
