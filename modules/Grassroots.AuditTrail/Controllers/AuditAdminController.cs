using System.Text.Json;
using Grassroots.Audit;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Grassroots.AuditTrail.Controllers;

/// <summary>The 审计日志 dashboard screen.</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class AuditAdminController(
    IAuditQuery query,
    AuditJurisdiction jurisdiction,
    IAuditTrail audit,
    IAuthorizationService authorization,
    IOptions<AuditTrailOptions> options,
    TimeProvider clock,
    IStringLocalizer<AuditAdminController> T) : Controller
{
    [HttpGet("/admin/audit")]
    public async Task<IActionResult> Index([FromQuery] AuditFilterInput input, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, AuditTrailPermissions.ViewAuditTrail))
        {
            return Forbid();
        }

        var errors = new Dictionary<string, string>();
        var scope = await jurisdiction.GetAsync(User, cancellationToken);
        var filter = input.ToFilter(errors) with { OrgPath = scope.OrgPath };
        var page = scope.None ? new AuditPage(0, []) : await query.QueryAsync(filter, cancellationToken);
        var canManage = await authorization.AuthorizeAsync(User, AuditTrailPermissions.ManageAuditTrail);
        return View(new AuditIndexViewModel(input, filter, page, errors, canManage, options.Value.RetentionDays));
    }

    [HttpGet("/admin/audit/{sequence:long}")]
    public async Task<IActionResult> Detail(long sequence, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, AuditTrailPermissions.ViewAuditTrail))
        {
            return Forbid();
        }

        var scope = await jurisdiction.GetAsync(User, cancellationToken);
        var entry = scope.None ? null : await query.GetAsync(sequence, scope.OrgPath, cancellationToken);
        if (entry is null)
        {
            return NotFound();
        }

        return View(new AuditDetailViewModel(entry, Pretty(entry.Entry.Data)));
    }

    [HttpPost("/admin/audit/verify")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Verify(CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, AuditTrailPermissions.ManageAuditTrail))
        {
            return Forbid();
        }

        var result = await audit.VerifyAsync(cancellationToken);
        if (result.IsValid)
        {
            TempData["Success"] = T["审计链完整，共校验 {0} 条", result.EntriesChecked].Value;
        }
        else
        {
            TempData["Error"] = T["第 {0} 条记录异常：{1}", result.FirstBrokenSequence ?? 0, result.Reason ?? ""].Value;
        }

        return Redirect("/admin/audit");
    }

    [HttpPost("/admin/audit/trim")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Trim(CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, AuditTrailPermissions.ManageAuditTrail))
        {
            return Forbid();
        }

        var days = options.Value.RetentionDays;
        if (days <= 0)
        {
            TempData["Error"] = T["未配置保留期限，审计记录全部保留。"].Value;
            return Redirect("/admin/audit");
        }

        var count = await audit.TrimAsync(clock.GetUtcNow().UtcDateTime.AddDays(-days), User.Identity?.Name, cancellationToken);
        TempData["Success"] = count == 0
            ? T["没有超过保留期限（{0} 天）的记录。", days].Value
            : T["已清理 {0} 条超过保留期限（{1} 天）的记录。", count, days].Value;
        return Redirect("/admin/audit");
    }

    private static string? Pretty(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, PrettyOptions);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static readonly JsonSerializerOptions PrettyOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

public sealed record AuditIndexViewModel(
    AuditFilterInput Input,
    AuditFilter Filter,
    AuditPage Page,
    IReadOnlyDictionary<string, string> Errors,
    bool CanManage,
    int RetentionDays)
{
    public int PageCount => (int)Math.Max(1, (Page.Total + Filter.PageSize - 1) / Filter.PageSize);
}

public sealed record AuditDetailViewModel(AuditEntryDetail Detail, string? PrettyData);
