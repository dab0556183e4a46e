using System.Security.Claims;
using Grassroots.Commands;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Grassroots.ServiceRequests.Screens;

/// <summary>What a handling form (or the JSON API) posts for one action; each action reads the fields it needs.</summary>
public sealed class ServiceActionInput
{
    /// <summary>分流交办 / 上级裁定: the window.</summary>
    public string? WindowCode { get; set; }

    /// <summary>Comment of a dispatch, arbitration or extension decision.</summary>
    public string? Comment { get; set; }

    /// <summary>退单 / 上报 / 延期 reason.</summary>
    public string? Reason { get; set; }

    /// <summary>补办: the guide's materials that are missing.</summary>
    public List<string> Materials { get; set; } = [];

    /// <summary>补办: other missing materials, one a line.</summary>
    public string? OtherMaterials { get; set; }

    /// <summary>补办 note to the requester.</summary>
    public string? Note { get; set; }

    /// <summary>延期: working days.</summary>
    public int? WorkingDays { get; set; }

    /// <summary>延期审批: "approve" or "reject" (forms).</summary>
    public string? Decision { get; set; }

    /// <summary>延期审批 (JSON): true to approve.</summary>
    public bool? Approve { get; set; }

    /// <summary>办结: the result.</summary>
    public string? Result { get; set; }

    /// <summary>回访: in-person / phone / letter / online.</summary>
    public string? Method { get; set; }

    /// <summary>回访: very-satisfied … very-dissatisfied, or "unreached".</summary>
    public string? Satisfaction { get; set; }

    /// <summary>重办原因 when dissatisfied.</summary>
    public string? RedoCause { get; set; }

    /// <summary>The <see cref="ServiceRequestRecord.Version"/> the user saw; a different current version is a conflict.</summary>
    public int? Version { get; set; }
}

/// <summary>
/// The handling actions (办理操作) shared by the handling page and the JSON API: which are offered for a stage and
/// user, the input checks (Chinese, by field) and the call to <see cref="IServiceRequestPipeline"/>.
/// </summary>
public sealed class ServiceRequestActions(IServiceRequestPipeline pipeline, IServiceCatalog catalog, ServiceRequestQueries queries,
    IStringLocalizer<ServiceRequestActions> T)
{
    public const string Dispatch = "dispatch";
    public const string Accept = "accept";
    public const string SendBack = "send-back";
    public const string Arbitrate = "arbitrate";
    public const string RequestMaterials = "request-materials";
    public const string ReceiveMaterials = "receive-materials";
    public const string Escalate = "escalate";
    public const string RequestExtension = "request-extension";
    public const string DecideExtension = "decide-extension";
    public const string Complete = "complete";
    public const string FollowUp = "follow-up";

    public static IReadOnlyList<string> All { get; } =
        [Dispatch, Accept, SendBack, Arbitrate, RequestMaterials, ReceiveMaterials, Escalate, RequestExtension, DecideExtension, Complete, FollowUp];

    /// <summary>The Chinese name of an action.</summary>
    public static string Title(string action) => action switch
    {
        Dispatch => "分流交办",
        Accept => "签收",
        SendBack => "退单",
        Arbitrate => "上级裁定",
        RequestMaterials => "补办告知",
        ReceiveMaterials => "材料已补齐",
        Escalate => "上报",
        RequestExtension => "延期申请",
        DecideExtension => "延期审批",
        Complete => "办结",
        FollowUp => "回访",
        _ => action,
    };

    /// <summary>The actions the user may take on the request now (the pipeline checks again when it runs).</summary>
    public async Task<IReadOnlyList<string>> AllowedAsync(ClaimsPrincipal user, ServiceRequestRecord record, CancellationToken cancellationToken)
    {
        var points = await queries.UserPointsAsync(user, cancellationToken);
        if (points.Count == 0)
        {
            return [];
        }

        var atCurrent = points.Any(p => p.Point.Code == record.CurrentPointCode);
        var current = await catalog.FindPointAsync(record.CurrentPointCode, cancellationToken);
        var aboveCurrent = current?.ParentCode is { } parent && points.Any(p => p.Point.Code == parent && p.IsDispatcher);
        var actions = new List<string>();
        switch (record.Stage)
        {
            case ServiceStage.AwaitingDispatch when atCurrent:
                actions.AddRange([Dispatch, Escalate]);
                break;
            case ServiceStage.AwaitingAcceptance when atCurrent:
                actions.Add(Accept);
                if (await CanSendBackAsync(record, cancellationToken))
                {
                    actions.Add(SendBack);
                }

                break;
            case ServiceStage.InProgress when atCurrent:
                actions.AddRange([RequestMaterials, Escalate, RequestExtension, Complete]);
                break;
            case ServiceStage.AwaitingMaterials when atCurrent:
                actions.Add(ReceiveMaterials);
                break;
            case ServiceStage.AwaitingExtension:
                if (aboveCurrent)
                {
                    actions.Add(DecideExtension);
                }

                if (atCurrent)
                {
                    actions.Add(Complete);
                }

                break;
            case ServiceStage.AwaitingArbitration when atCurrent:
                actions.Add(Arbitrate);
                break;
            case ServiceStage.Completed:
                actions.Add(FollowUp);
                break;
        }

        return actions;
    }

    /// <summary>退单 is possible only for an item outside the window's catalogue and not after an arbitration named the window.</summary>
    public async Task<bool> CanSendBackAsync(ServiceRequestRecord record, CancellationToken cancellationToken)
    {
        if (await catalog.HasAuthorityAsync(record.CurrentPointCode, record.ItemCode, cancellationToken))
        {
            return false;
        }

        var events = await pipeline.GetEventsAsync(record.ContentItemId, cancellationToken);
        return !events.Any(e => e.Kind == ServiceEventKinds.Arbitrated && e.PointCode == record.CurrentPointCode);
    }

    /// <summary>Checks the input of an action; Chinese messages by field (camelCase names, as the forms and JSON use).</summary>
    public static Dictionary<string, string> Validate(string action, ServiceActionInput input, ServiceRequestRecord record, IStringLocalizer T)
    {
        var errors = new Dictionary<string, string>();
        switch (action)
        {
            case Dispatch or Arbitrate when string.IsNullOrWhiteSpace(input.WindowCode):
                errors["windowCode"] = T["请选择承办窗口"];
                break;
            case SendBack when string.IsNullOrWhiteSpace(input.Reason):
                errors["reason"] = T["请填写退单理由"];
                break;
            case Escalate when string.IsNullOrWhiteSpace(input.Reason):
                errors["reason"] = T["请填写上报理由"];
                break;
            case RequestMaterials when Missing(input).Count == 0:
                errors["materials"] = T["请勾选或填写需要补齐的材料"];
                break;
            case RequestExtension:
                if (input.WorkingDays is not (>= 1 and <= 60))
                {
                    errors["workingDays"] = T["延期工作日数应为 1 至 60 天"];
                }

                if (string.IsNullOrWhiteSpace(input.Reason))
                {
                    errors["reason"] = T["请填写延期理由"];
                }

                break;
            case DecideExtension when Approve(input) is null:
                errors["decision"] = T["请选择同意或不同意延期"];
                break;
            case Complete when string.IsNullOrWhiteSpace(input.Result):
                errors["result"] = T["请填写办理结果"];
                break;
            case FollowUp:
                if (!ServiceRequestLabels.TryParse(ServiceRequestLabels.FollowUpMethods, input.Method, out _))
                {
                    errors["method"] = T["请选择回访方式"];
                }

                if (string.IsNullOrWhiteSpace(input.Satisfaction))
                {
                    errors["satisfaction"] = T["请选择满意度（或未联系上）"];
                }
                else if (input.Satisfaction != ServiceRequestLabels.Unreached
                    && !ServiceRequestLabels.TryParse(ServiceRequestLabels.Satisfactions, input.Satisfaction, out _))
                {
                    errors["satisfaction"] = T["满意度「{0}」无效", input.Satisfaction];
                }
                else if (ServiceRequestLabels.TryParse(ServiceRequestLabels.Satisfactions, input.Satisfaction, out var s)
                    && s is Satisfaction.Dissatisfied or Satisfaction.VeryDissatisfied && record.RedoCount == 0
                    && string.IsNullOrWhiteSpace(input.RedoCause))
                {
                    errors["redoCause"] = T["不满意时请填写重办原因"];
                }

                break;
        }

        return errors;
    }

    /// <summary>
    /// Runs an action for the user: the request after it, or the Chinese error (field errors by camelCase name) or a
    /// conflict. The caller has checked the permission and that the request is visible.
    /// </summary>
    public async Task<CommandResult<ServiceRequestRecord>> RunAsync(ClaimsPrincipal user, string action, ServiceRequestRecord record, ServiceActionInput input,
        CancellationToken cancellationToken)
    {
        var errors = Validate(action, input, record, T);
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }

        if (input.Version is { } version && version != record.Version)
        {
            return CommandResult.Conflict(T["该诉求已被他人办理或更新，请刷新后重试"]);
        }

        var id = record.ContentItemId;
        PipelineResult result;
        try
        {
            result = action switch
            {
                Dispatch => await pipeline.DispatchAsync(user, id, input.WindowCode!.Trim(), input.Comment.TrimToNull(), cancellationToken),
                Accept => await pipeline.AcceptAsync(user, id, cancellationToken),
                SendBack => await pipeline.SendBackAsync(user, id, input.Reason!.Trim(), cancellationToken),
                Arbitrate => await pipeline.ArbitrateAsync(user, id, input.WindowCode!.Trim(), input.Comment.TrimToNull(), cancellationToken),
                RequestMaterials => await pipeline.RequestMaterialsAsync(user, id, Missing(input), input.Note.TrimToNull(), cancellationToken),
                ReceiveMaterials => await pipeline.ReceiveMaterialsAsync(user, id, cancellationToken),
                Escalate => await pipeline.EscalateAsync(user, id, input.Reason!.Trim(), cancellationToken),
                RequestExtension => await pipeline.RequestExtensionAsync(user, id, input.WorkingDays!.Value, input.Reason!.Trim(), cancellationToken),
                DecideExtension => await pipeline.DecideExtensionAsync(user, id, Approve(input)!.Value, input.Comment.TrimToNull(), cancellationToken),
                Complete => await pipeline.CompleteAsync(user, id, input.Result!.Trim(), cancellationToken),
                FollowUp => await pipeline.FollowUpAsync(user, id, ParseMethod(input.Method), ParseSatisfaction(input.Satisfaction),
                    input.Comment.TrimToNull(), input.RedoCause.TrimToNull(), cancellationToken),
                _ => new PipelineResult(null, T["未知的操作"]),
            };
        }
        catch (DbUpdateConcurrencyException)
        {
            return CommandResult.Conflict(T["该诉求已被他人办理或更新，请刷新后重试"]);
        }

        if (result.Succeeded)
        {
            return CommandResult.Success(result.Request!);
        }

        var fieldErrors = (result.FieldErrors ?? new Dictionary<string, string>())
            .ToDictionary(e => CamelCase(e.Key), e => e.Value);
        return CommandResult.Invalid(fieldErrors, result.Error ?? (fieldErrors.Count == 0 ? T["操作失败"].Value : null));
    }

    /// <summary>The success message of an action (Chinese source).</summary>
    public static string SuccessMessage(string action) => action switch
    {
        Dispatch => "已分流交办",
        Accept => "已签收",
        SendBack => "已退单",
        Arbitrate => "已裁定承办窗口",
        RequestMaterials => "已出具补办告知，停止计时",
        ReceiveMaterials => "材料已补齐，恢复计时",
        Escalate => "已上报",
        RequestExtension => "已提交延期申请",
        DecideExtension => "已完成延期审批",
        Complete => "已办结",
        FollowUp => "已记录回访",
        _ => "操作成功",
    };

    private static List<string> Missing(ServiceActionInput input)
        => [.. input.Materials.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m.Trim())
            .Concat((input.OtherMaterials ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)).Distinct()];

    private static bool? Approve(ServiceActionInput input) => input.Approve ?? input.Decision?.Trim().ToLowerInvariant() switch
    {
        "approve" or "true" or "同意" => true,
        "reject" or "false" or "不同意" => false,
        _ => null,
    };

    private static FollowUpMethod ParseMethod(string? text)
        => ServiceRequestLabels.TryParse(ServiceRequestLabels.FollowUpMethods, text, out var m) ? m : FollowUpMethod.Phone;

    private static Satisfaction? ParseSatisfaction(string? text)
        => ServiceRequestLabels.TryParse(ServiceRequestLabels.Satisfactions, text, out var s) ? s : null;

    /// <summary>"ServiceRequest.RequesterPhone" or "RequesterPhone" → "requesterPhone".</summary>
    internal static string CamelCase(string key)
    {
        var last = key[(key.LastIndexOf('.') + 1)..];
        return last.Length == 0 ? key : char.ToLowerInvariant(last[0]) + last[1..];
    }
}
