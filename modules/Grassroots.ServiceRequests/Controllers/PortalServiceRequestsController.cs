using System.Globalization;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Localization;
using Grassroots.Modules;
using Grassroots.OrgUnits;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Grassroots.ServiceRequests.Services.Tracking;
using Grassroots.Settings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Grassroots.ServiceRequests.Controllers;

/// <summary>
/// The online channel on the portal (no login): submit a request against a published guide, track it with the receipt code
/// and the private secret (查询密码) printed on the receipt, and answer the follow-up (回访) once it is completed.
/// Submissions and follow-up answers are rate-limited per address; wrong secrets are limited per request and per address.
/// </summary>
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class PortalServiceRequestsController(
    IServiceCatalog catalog,
    IServiceRequestPipeline pipeline,
    PublicRequestReader reader,
    ServiceTracking tracking,
    IOrgUnitService orgUnits,
    IEnabledServices<IContentFieldKind> fieldKinds,
    IStringLocalizer<PortalServiceRequestsController> T) : Controller
{
    private const int MaxNameLength = 50;
    private const int MaxDescriptionLength = 2000;
    private const int MaxCommentLength = 500;

    [HttpGet("/service/submit")]
    public async Task<IActionResult> Submit(string? item, CancellationToken cancellationToken)
        => View(await BuildSubmitAsync(new PortalSubmitForm { ItemCode = item }, null, cancellationToken));

    [HttpPost("/service/submit")]
    [EnableRateLimiting(SubmissionRateLimitPolicy.Name)]
    public async Task<IActionResult> Submit([FromForm] PortalSubmitForm form, CancellationToken cancellationToken)
    {
        form.Name = form.Name?.Trim();
        form.Description = form.Description?.Trim();
        var guide = string.IsNullOrWhiteSpace(form.ItemCode) ? null : await catalog.FindGuideAsync(form.ItemCode.Trim(), cancellationToken);
        if (string.IsNullOrWhiteSpace(form.ItemCode))
        {
            ModelState.AddModelError(nameof(form.ItemCode), T["请选择「办理事项」"]);
        }
        else if (guide is null)
        {
            ModelState.AddModelError(nameof(form.ItemCode), T["「办理事项」不存在或已停办，请重新选择"]);
        }

        if (string.IsNullOrEmpty(form.Name))
        {
            ModelState.AddModelError(nameof(form.Name), T["请填写「姓名」"]);
        }
        else if (form.Name.Length > MaxNameLength)
        {
            ModelState.AddModelError(nameof(form.Name), T["「姓名」不能超过 {0} 个字", MaxNameLength]);
        }

        var phone = await NormalizePhoneAsync(form.Phone, cancellationToken);
        if (phone.Error is not null)
        {
            ModelState.AddModelError(nameof(form.Phone), phone.Error);
        }

        var village = string.IsNullOrWhiteSpace(form.VillageCode) ? null : await orgUnits.GetAsync(form.VillageCode, cancellationToken);
        if (string.IsNullOrWhiteSpace(form.TownCode))
        {
            ModelState.AddModelError(nameof(form.TownCode), T["请选择「所在镇（街道）」"]);
        }

        if (village is null || village.Level != OrgUnitLevel.Village || (!string.IsNullOrWhiteSpace(form.TownCode) && village.ParentCode != form.TownCode))
        {
            ModelState.AddModelError(nameof(form.VillageCode), T["请选择「所在村（社区）」"]);
        }

        if (string.IsNullOrEmpty(form.Description))
        {
            ModelState.AddModelError(nameof(form.Description), T["请填写「诉求内容」"]);
        }
        else if (form.Description.Length > MaxDescriptionLength)
        {
            ModelState.AddModelError(nameof(form.Description), T["「诉求内容」不能超过 {0} 个字", MaxDescriptionLength]);
        }

        if (!ModelState.IsValid)
        {
            return View(await BuildSubmitAsync(form, null, cancellationToken));
        }

        var result = await pipeline.RegisterAsync(null, new RegisterServiceRequest
        {
            ItemCode = guide!.ItemCode,
            Channel = ServiceChannel.Online,
            RequesterName = form.Name,
            RequesterPhone = phone.Value,
            Description = form.Description!,
            OrgUnitCode = village!.Code,
        }, cancellationToken);

        if (!result.Succeeded)
        {
            string? general = result.Error;
            foreach (var (key, message) in result.FieldErrors ?? new Dictionary<string, string>())
            {
                var field = FormFieldOf(key);
                if (field is null)
                {
                    general ??= message;
                }
                else
                {
                    ModelState.AddModelError(field, message);
                }
            }

            return View(await BuildSubmitAsync(form, general ?? T["提交失败，请检查填写的内容"], cancellationToken));
        }

        var request = result.Request!;
        Response.Headers.CacheControl = "no-store";
        return View("Receipt", new PortalReceiptViewModel(
            request.ReceiptCode,
            result.TrackingSecret!,
            request.ItemName,
            request.RegisteredDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            request.InitialClass == ServiceClass.Immediate,
            request.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            request.TimeLimitDays));
    }

    [HttpGet("/service/track")]
    public IActionResult Track(string? code)
    {
        var receipt = PublicRequestReader.NormalizeReceipt(code);
        if (receipt is not null)
        {
            return Redirect($"/service/track/{Uri.EscapeDataString(receipt)}");
        }

        if (code is not null)
        {
            ModelState.AddModelError("code", T["请输入「回执码」"]);
        }

        return View();
    }

    /// <summary>The tracking form: the receipt code and the secret (查询密码) printed on the receipt open the status page.</summary>
    [HttpPost("/service/track")]
    public async Task<IActionResult> TrackPost([FromForm] PortalTrackForm form, CancellationToken cancellationToken)
    {
        if (PublicRequestReader.NormalizeReceipt(form.Code) is null)
        {
            ModelState.AddModelError("code", T["请输入「回执码」"]);
            return View("Track");
        }

        var opened = await tracking.OpenAsync(form.Code, form.TrackingCode, ClientAddress, cancellationToken);
        return opened.Opened
            ? StatusView(await BuildTrackAsync(opened.Record!, form.TrackingCode!, new PortalFollowUpForm(), null, null, cancellationToken))
            : Refused(opened, form.Code!);
    }

    /// <summary>The receipt code alone shows only the form asking for the secret (the code is public: Open311, disclosure).</summary>
    [HttpGet("/service/track/{code}")]
    public async Task<IActionResult> Status(string code, CancellationToken cancellationToken)
    {
        var record = await reader.FindByReceiptAsync(code, cancellationToken);
        if (record is null)
        {
            return NotFoundReceipt(code);
        }

        ViewData["Code"] = record.ReceiptCode;
        return View("Track");
    }

    /// <summary>
    /// The resident's follow-up answer: the secret again (a hidden field of the status page) and the last four digits of the
    /// phone. A wrong secret or phone tail counts against the request and the address; every attempt counts toward the
    /// submission rate limit.
    /// </summary>
    [HttpPost("/service/track/{code}")]
    [EnableRateLimiting(SubmissionRateLimitPolicy.Name)]
    public async Task<IActionResult> FollowUp(string code, [FromForm] PortalFollowUpForm form, CancellationToken cancellationToken)
    {
        var opened = await tracking.OpenAsync(code, form.TrackingCode, ClientAddress, cancellationToken);
        if (!opened.Opened)
        {
            return Refused(opened, code);
        }

        var record = opened.Record!;
        var secret = form.TrackingCode!;
        if (record.Stage != ServiceStage.Completed)
        {
            return StatusView(await BuildTrackAsync(record, secret, form, T["本件当前不需要回访"], null, cancellationToken));
        }

        var tail = form.PhoneTail?.Trim();
        var phone = await reader.RequesterPhoneAsync(record.ContentItemId, cancellationToken);
        string? error = null;
        if (string.IsNullOrEmpty(tail) || tail.Length != 4 || !tail.All(char.IsAsciiDigit))
        {
            ModelState.AddModelError(nameof(form.PhoneTail), T["请填写登记手机号的「后四位」数字"]);
        }
        else if (phone is null || phone.Length < 4 || !phone.EndsWith(tail, StringComparison.Ordinal))
        {
            var failed = await tracking.FailAsync(record, ClientAddress, cancellationToken);
            if (failed.Status == TrackingStatus.RequestLocked)
            {
                return Refused(failed, code);
            }

            ModelState.AddModelError(nameof(form.PhoneTail), T["手机号后四位与登记的号码不一致"]);
        }

        Satisfaction? satisfaction = form.Satisfaction is >= 1 and <= 5 ? (Satisfaction)form.Satisfaction.Value : null;
        if (satisfaction is null)
        {
            ModelState.AddModelError(nameof(form.Satisfaction), T["请选择「满意度」"]);
        }

        form.Comment = form.Comment?.Trim();
        if (form.Comment?.Length > MaxCommentLength)
        {
            ModelState.AddModelError(nameof(form.Comment), T["「意见建议」不能超过 {0} 个字", MaxCommentLength]);
        }

        var dissatisfied = satisfaction is Models.Satisfaction.Dissatisfied or Models.Satisfaction.VeryDissatisfied;
        var redo = dissatisfied && record.RedoCount == 0;
        if (redo && string.IsNullOrEmpty(form.Comment))
        {
            ModelState.AddModelError(nameof(form.Comment), T["请在「意见建议」中写明不满意的原因，我们将据此重新办理"]);
        }

        if (ModelState.IsValid)
        {
            var result = await pipeline.FollowUpAsync(null, record.ContentItemId, FollowUpMethod.Online, satisfaction, form.Comment,
                redo ? form.Comment : null, cancellationToken);
            if (result.Succeeded)
            {
                // No redirect: the status page needs the secret, which never goes into a URL or a cookie.
                var thanks = redo
                    ? T["感谢您的评价。您反映的问题已转回承办单位重新办理。"].Value
                    : T["感谢您的评价！"].Value;
                return StatusView(await BuildTrackAsync(result.Request!, secret, new PortalFollowUpForm(), null, thanks, cancellationToken));
            }

            error = result.FieldErrors is { Count: > 0 } fields ? string.Join("；", fields.Values) : result.Error;
        }

        return StatusView(await BuildTrackAsync(record, secret, form, error, null, cancellationToken));
    }

    /// <summary>The client as the limits count it (an IPv6 client by its /64; the forwarded client behind a known proxy).</summary>
    private string ClientAddress => Grassroots.Security.ClientAddress.PartitionKey(HttpContext);

    /// <summary>The status page: never cached (it is shown only to whoever typed the secret).</summary>
    private ViewResult StatusView(PortalTrackViewModel model)
    {
        Response.Headers.CacheControl = "no-store";
        return View("Status", model);
    }

    /// <summary>The tracking form again with why the attempt was refused (404 unknown code, 429 locked or limited).</summary>
    private ViewResult Refused(TrackingResult result, string code)
    {
        if (result.Status == TrackingStatus.UnknownCode)
        {
            return NotFoundReceipt(code);
        }

        ViewData["Code"] = result.Record?.ReceiptCode ?? code;
        var (key, message, status) = result.Status switch
        {
            TrackingStatus.RequestLocked => ("", T["查询密码错误次数过多，该回执码已暂停查询，请 {0} 分钟后再试。如忘记查询密码，请携带身份证件到受理窗口重新打印回执。", result.RetryMinutes].Value, StatusCodes.Status429TooManyRequests),
            TrackingStatus.AddressLimited => ("", T["查询失败次数过多，请 {0} 分钟后再试。", result.RetryMinutes].Value, StatusCodes.Status429TooManyRequests),
            TrackingStatus.NoSecret => ("", T["该回执尚未设置查询密码，请携带身份证件到受理窗口重新打印回执。"].Value, StatusCodes.Status200OK),
            TrackingStatus.MissingSecret => (nameof(PortalTrackForm.TrackingCode), T["请输入回执上的 12 位「查询密码」"].Value, StatusCodes.Status200OK),
            _ => (nameof(PortalTrackForm.TrackingCode), T["查询密码不正确，请核对回执上的查询密码"].Value, StatusCodes.Status200OK),
        };
        ModelState.AddModelError(key, message);
        if (status == StatusCodes.Status429TooManyRequests)
        {
            Response.Headers.RetryAfter = (Math.Max(1, result.RetryMinutes) * 60).ToString(CultureInfo.InvariantCulture);
        }

        var view = View("Track");
        view.StatusCode = status;
        return view;
    }

    private ViewResult NotFoundReceipt(string code)
    {
        ModelState.AddModelError("code", T["未找到回执码为 {0} 的诉求，请核对后重新输入", code]);
        ViewData["Code"] = code;
        var view = View("Track");
        view.StatusCode = 404;
        return view;
    }

    private async Task<PortalTrackViewModel> BuildTrackAsync(ServiceRequestRecord record, string secret, PortalFollowUpForm form, string? error,
        string? success, CancellationToken cancellationToken)
    {
        var view = (await reader.ViewAsync([record], cancellationToken))[0];
        return new PortalTrackViewModel(view, form, record.Stage == ServiceStage.Completed, error, secret, success);
    }

    private async Task<PortalSubmitViewModel> BuildSubmitAsync(PortalSubmitForm form, string? error, CancellationToken cancellationToken)
    {
        var guides = await catalog.ListGuidesAsync(null, null, cancellationToken);
        var guide = string.IsNullOrWhiteSpace(form.ItemCode) ? null : guides.FirstOrDefault(g => g.ItemCode == form.ItemCode.Trim());
        var towns = new List<PortalTownOption>();
        var county = await reader.CountyCodeAsync(cancellationToken);
        if (county is not null)
        {
            foreach (var town in (await orgUnits.GetChildrenAsync(county, cancellationToken)).Where(u => u.Level == OrgUnitLevel.Town))
            {
                var villages = (await orgUnits.GetChildrenAsync(town.Code, cancellationToken)).Where(u => u.Level == OrgUnitLevel.Village).ToList();
                towns.Add(new PortalTownOption(town.Code, town.Name, villages));
            }
        }

        if (string.IsNullOrEmpty(form.TownCode) && !string.IsNullOrEmpty(form.VillageCode))
        {
            form.TownCode = towns.FirstOrDefault(t => t.Villages.Any(v => v.Code == form.VillageCode))?.Code;
        }

        return new PortalSubmitViewModel(form, guides.OrderBy(g => g.ItemName, StringComparer.Ordinal).ToList(), guide, towns, error);
    }

    /// <summary>The phone checked and normalised by the platform's Phone field kind (the same rule as every form).</summary>
    private async Task<(string? Value, string? Error)> NormalizePhoneAsync(string? text, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        var kind = fieldKinds.All.FirstOrDefault(k => k.Name == ContentFieldKinds.Phone);
        if (kind is null)
        {
            return string.IsNullOrWhiteSpace(text) ? (null, T["请填写「联系电话」"]) : (text.Trim(), null);
        }

        var context = new FieldValidationContext
        {
            Field = new ContentFieldDefinition { Name = "RequesterPhone", DisplayName = T["联系电话"], Kind = ContentFieldKinds.Phone, Settings = new ContentFieldSettings { Required = true } },
            PartName = PublicRequestReader.RequestPart,
            Item = new ContentItem(),
            Services = HttpContext.RequestServices,
            T = T,
        };
        var value = await kind.NormalizeAsync(string.IsNullOrWhiteSpace(text) ? null : JsonValue.Create(text), context);
        if (context.Errors.Count > 0)
        {
            return (null, context.Errors[0]);
        }

        return value is JsonValue v && v.TryGetValue<string>(out var phone) ? (phone, null) : (null, T["请填写「联系电话」"]);
    }

    /// <summary>The form field a pipeline error path ("ServiceRequest.RequesterPhone", "RequesterPhone" …) belongs to.</summary>
    private static string? FormFieldOf(string key)
    {
        var name = key[(key.LastIndexOf('.') + 1)..];
        return name switch
        {
            "ItemCode" => nameof(PortalSubmitForm.ItemCode),
            "RequesterName" or "Name" => nameof(PortalSubmitForm.Name),
            "RequesterPhone" or "Phone" => nameof(PortalSubmitForm.Phone),
            "OrgUnitCode" => nameof(PortalSubmitForm.VillageCode),
            "Description" => nameof(PortalSubmitForm.Description),
            _ => null,
        };
    }
}
