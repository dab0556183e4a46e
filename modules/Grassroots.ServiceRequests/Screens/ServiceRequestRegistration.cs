using System.Security.Claims;
using System.Text.RegularExpressions;
using Grassroots.Commands;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Microsoft.Extensions.Localization;

namespace Grassroots.ServiceRequests.Screens;

/// <summary>What the registration form (诉求登记) and <c>POST /api/service-requests</c> post.</summary>
public sealed class ServiceRegisterInput
{
    /// <summary>The registering point (one the user staffs).</summary>
    public string? PointCode { get; set; }

    public string? ItemCode { get; set; }

    /// <summary>window / phone / letter / online / grid / proxy.</summary>
    public string? Channel { get; set; }

    public string? RequesterName { get; set; }

    public string? RequesterPhone { get; set; }

    public string? ResidentIdNumber { get; set; }

    /// <summary>The requester's village (or town), inside the user's jurisdiction.</summary>
    public string? OrgUnitCode { get; set; }

    public string? Address { get; set; }

    public string? Description { get; set; }

    /// <summary>Ids of attachments already stored (<c>POST /api/attachments</c>, or kept from a previous post of the form).</summary>
    public List<string> AttachmentIds { get; set; } = [];

    /// <summary>当场办结 (即办件 at a point with authority).</summary>
    public bool CompleteOnSpot { get; set; }

    public string? CompleteOnSpotResult { get; set; }
}

/// <summary>A registered request and the private tracking secret for its receipt (<see cref="PipelineResult.TrackingSecret"/>).</summary>
public sealed record RegisteredRequest(ServiceRequestRecord Request, string? TrackingSecret);

/// <summary>Checks a registration (same checks for the form and the API) and hands it to the pipeline.</summary>
public sealed partial class ServiceRequestRegistration(
    IServiceRequestPipeline pipeline,
    IServiceCatalog catalog,
    IJurisdictionService jurisdictions,
    IOrgUnitService orgUnits,
    ServiceRequestQueries queries,
    IStringLocalizer<ServiceRequestRegistration> T)
{
    /// <summary>The registered request, or Chinese messages by field (or for the whole registration).</summary>
    public async Task<CommandResult<RegisteredRequest>> RegisterAsync(ClaimsPrincipal user, ServiceRegisterInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var points = await queries.UserPointsAsync(user, cancellationToken);
        var pointCode = input.PointCode?.Trim();
        if (string.IsNullOrEmpty(pointCode) && points.Count == 1)
        {
            pointCode = points[0].Point.Code;
        }

        if (string.IsNullOrEmpty(pointCode))
        {
            errors["pointCode"] = T["请选择受理点"];
        }
        else if (!points.Any(p => p.Point.Code == pointCode))
        {
            errors["pointCode"] = T["受理点「{0}」不是您所在的服务网点", pointCode];
        }

        ServiceGuideInfo? guide = null;
        if (string.IsNullOrWhiteSpace(input.ItemCode))
        {
            errors["itemCode"] = T["请选择服务事项"];
        }
        else if ((guide = await catalog.FindGuideAsync(input.ItemCode.Trim(), cancellationToken)) is null)
        {
            errors["itemCode"] = T["服务事项「{0}」不存在或未发布", input.ItemCode.Trim()];
        }

        if (!ServiceRequestLabels.TryParse(ServiceRequestLabels.Channels, input.Channel, out var channel))
        {
            errors["channel"] = T["请选择受理渠道"];
        }

        if (string.IsNullOrWhiteSpace(input.RequesterName))
        {
            errors["requesterName"] = T["请填写诉求人姓名"];
        }
        else if (input.RequesterName.Trim().Length > 50)
        {
            errors["requesterName"] = T["诉求人姓名不能超过 50 个字"];
        }

        if (string.IsNullOrWhiteSpace(input.RequesterPhone))
        {
            errors["requesterPhone"] = T["请填写联系电话"];
        }
        else if (!PhonePattern().IsMatch(input.RequesterPhone.Trim()))
        {
            errors["requesterPhone"] = T["联系电话格式不正确（手机号 11 位，或区号-号码）"];
        }

        if (!string.IsNullOrWhiteSpace(input.ResidentIdNumber) && !IdPattern().IsMatch(input.ResidentIdNumber.Trim()))
        {
            errors["residentIdNumber"] = T["身份证号应为 18 位（最后一位可为 X）"];
        }

        if (!string.IsNullOrWhiteSpace(input.OrgUnitCode))
        {
            var unit = await orgUnits.GetAsync(input.OrgUnitCode.Trim(), cancellationToken);
            var jurisdiction = await jurisdictions.GetAsync(user, cancellationToken);
            if (unit is null)
            {
                errors["orgUnitCode"] = T["所在村(社区)「{0}」不存在", input.OrgUnitCode.Trim()];
            }
            else if (!jurisdiction.Contains(unit.Path))
            {
                errors["orgUnitCode"] = T["所在村(社区)「{0}」不在您的管辖范围内", unit.Name];
            }
        }

        if (string.IsNullOrWhiteSpace(input.Description))
        {
            errors["description"] = T["请填写诉求内容"];
        }
        else if (input.Description.Trim().Length > 4000)
        {
            errors["description"] = T["诉求内容不能超过 4000 个字"];
        }

        string? onSpot = null;
        if (input.CompleteOnSpot)
        {
            if (guide is not null && !guide.IsImmediate)
            {
                errors["completeOnSpotResult"] = T["该事项是承诺件，不能当场办结"];
            }
            else if (string.IsNullOrWhiteSpace(input.CompleteOnSpotResult))
            {
                errors["completeOnSpotResult"] = T["当场办结时请填写办理结果"];
            }
            else if (guide is not null && pointCode is not null && !await catalog.HasAuthorityAsync(pointCode, guide.ItemCode, cancellationToken))
            {
                errors["completeOnSpotResult"] = T["本受理点的权责清单不含该事项，不能当场办结"];
            }
            else
            {
                onSpot = input.CompleteOnSpotResult.Trim();
            }
        }

        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }

        var result = await pipeline.RegisterAsync(user, new RegisterServiceRequest
        {
            ItemCode = guide!.ItemCode,
            Channel = channel,
            PointCode = pointCode,
            RequesterName = input.RequesterName!.Trim(),
            RequesterPhone = input.RequesterPhone!.Trim(),
            ResidentIdNumber = input.ResidentIdNumber.TrimToNull()?.ToUpperInvariant(),
            OrgUnitCode = input.OrgUnitCode.TrimToNull(),
            Address = input.Address.TrimToNull(),
            Description = input.Description!.Trim(),
            AttachmentIds = [.. input.AttachmentIds.Where(a => !string.IsNullOrWhiteSpace(a)).Distinct()],
            CompleteOnSpotResult = onSpot,
        }, cancellationToken);
        if (result.Succeeded)
        {
            return CommandResult.Success(new RegisteredRequest(result.Request!, result.TrackingSecret));
        }

        var fieldErrors = (result.FieldErrors ?? new Dictionary<string, string>()).ToDictionary(e => Map(e.Key), e => e.Value);
        return CommandResult.Invalid(fieldErrors, result.Error ?? (fieldErrors.Count == 0 ? T["登记失败"].Value : null));
    }

    /// <summary>Pipeline field keys (content field paths) to the form's names.</summary>
    private static string Map(string key) => ServiceRequestActions.CamelCase(key) switch
    {
        "residentId" => "residentIdNumber",
        "attachments" => "attachmentIds",
        "completeOnSpotResult" or "result" => "completeOnSpotResult",
        var other => other,
    };

    [GeneratedRegex(@"^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^\d{17}[\dXx]$")]
    private static partial Regex IdPattern();
}
