using System.Globalization;
using Grassroots.ServiceRequests.Models;

namespace Grassroots.ServiceRequests.Screens;

/// <summary>Chinese labels (source strings, localized by the caller) and CST formatting for the staff screens and the API.</summary>
public static class ServiceRequestLabels
{
    public static IReadOnlyList<(ServiceChannel Value, string Code, string Text)> Channels { get; } =
    [
        (ServiceChannel.Window, "window", "窗口"), (ServiceChannel.Phone, "phone", "电话"), (ServiceChannel.Letter, "letter", "信函"),
        (ServiceChannel.Online, "online", "网上"), (ServiceChannel.Grid, "grid", "网格上报"), (ServiceChannel.Proxy, "proxy", "代办"),
    ];

    public static IReadOnlyList<(ServiceStage Value, string Code, string Text)> Stages { get; } =
    [
        (ServiceStage.AwaitingDispatch, "awaiting-dispatch", "待分流"), (ServiceStage.AwaitingAcceptance, "awaiting-acceptance", "待签收"),
        (ServiceStage.InProgress, "in-progress", "办理中"), (ServiceStage.AwaitingMaterials, "awaiting-materials", "待补件"),
        (ServiceStage.AwaitingExtension, "awaiting-extension", "延期审批中"), (ServiceStage.AwaitingArbitration, "awaiting-arbitration", "待裁定"),
        (ServiceStage.Completed, "completed", "已办结"), (ServiceStage.Closed, "closed", "已回访归档"),
    ];

    public static IReadOnlyList<(ServiceClass Value, string Code, string Text)> Classes { get; } =
    [
        (ServiceClass.Immediate, "immediate", "即办件"), (ServiceClass.Promised, "promised", "承诺件"),
        (ServiceClass.Supplement, "supplement", "补办件"), (ServiceClass.Escalated, "escalated", "上报件"),
    ];

    public static IReadOnlyList<(FollowUpMethod Value, string Code, string Text)> FollowUpMethods { get; } =
    [
        (FollowUpMethod.InPerson, "in-person", "当面"), (FollowUpMethod.Phone, "phone", "电话"),
        (FollowUpMethod.Letter, "letter", "信函"), (FollowUpMethod.Online, "online", "网络"),
    ];

    /// <summary>Five levels, best first; "unreached" (未联系上) is offered separately.</summary>
    public static IReadOnlyList<(Satisfaction Value, string Code, string Text)> Satisfactions { get; } =
    [
        (Satisfaction.VerySatisfied, "very-satisfied", "非常满意"), (Satisfaction.Satisfied, "satisfied", "满意"),
        (Satisfaction.Neutral, "neutral", "基本满意"), (Satisfaction.Dissatisfied, "dissatisfied", "不满意"),
        (Satisfaction.VeryDissatisfied, "very-dissatisfied", "非常不满意"),
    ];

    public const string Unreached = "unreached";

    public static string Channel(ServiceChannel value) => Channels.FirstOrDefault(c => c.Value == value).Text ?? value.ToString();

    public static string ChannelCode(ServiceChannel value) => Channels.FirstOrDefault(c => c.Value == value).Code ?? value.ToString();

    public static string Stage(ServiceStage value) => Stages.FirstOrDefault(c => c.Value == value).Text ?? value.ToString();

    public static string StageCode(ServiceStage value) => Stages.FirstOrDefault(c => c.Value == value).Code ?? value.ToString();

    public static string Class(ServiceClass value) => Classes.FirstOrDefault(c => c.Value == value).Text ?? value.ToString();

    public static string ClassCode(ServiceClass value) => Classes.FirstOrDefault(c => c.Value == value).Code ?? value.ToString();

    public static string Method(FollowUpMethod value) => FollowUpMethods.FirstOrDefault(c => c.Value == value).Text ?? value.ToString();

    public static string SatisfactionText(Satisfaction? value)
        => value is null ? "未联系上" : Satisfactions.FirstOrDefault(c => c.Value == value).Text ?? value.ToString()!;

    /// <summary>Bootstrap badge colour of a stage.</summary>
    public static string StageBadge(ServiceStage value) => value switch
    {
        ServiceStage.AwaitingDispatch or ServiceStage.AwaitingAcceptance => "text-bg-warning",
        ServiceStage.InProgress => "text-bg-primary",
        ServiceStage.AwaitingMaterials or ServiceStage.AwaitingExtension => "text-bg-info",
        ServiceStage.AwaitingArbitration => "text-bg-danger",
        ServiceStage.Completed => "text-bg-success",
        _ => "text-bg-secondary",
    };

    /// <summary>Parses a code ("window"), a number ("1") or the enum name ("Window").</summary>
    public static bool TryParse<TEnum>(IEnumerable<(TEnum Value, string Code, string Text)> list, string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        text = text?.Trim();
        foreach (var entry in list)
        {
            if (string.Equals(entry.Code, text, StringComparison.OrdinalIgnoreCase) || entry.Text == text)
            {
                value = entry.Value;
                return true;
            }
        }

        if (!string.IsNullOrEmpty(text) && Enum.TryParse(text, true, out value) && Enum.IsDefined(value))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Chinese label of an event kind (<see cref="ServiceEventKinds"/>).</summary>
    public static string EventKind(string kind) => kind switch
    {
        ServiceEventKinds.Registered => "受理登记",
        ServiceEventKinds.Forwarded => "转交上级",
        ServiceEventKinds.Dispatched => "分流交办",
        ServiceEventKinds.Accepted => "签收",
        ServiceEventKinds.SentBack => "退单",
        ServiceEventKinds.Arbitrated => "上级裁定",
        ServiceEventKinds.MaterialsRequested => "补办告知（停止计时）",
        ServiceEventKinds.MaterialsReceived => "材料补齐（恢复计时）",
        ServiceEventKinds.Escalated => "上报",
        ServiceEventKinds.ExtensionRequested => "延期申请",
        ServiceEventKinds.ExtensionApproved => "延期批准",
        ServiceEventKinds.ExtensionRejected => "延期不批准",
        ServiceEventKinds.Supervised => "督办（逾期）",
        ServiceEventKinds.Completed => "办结",
        ServiceEventKinds.FollowedUp => "回访",
        ServiceEventKinds.Reopened => "重办",
        ServiceEventKinds.Closed => "归档",
        _ => kind,
    };

    public static DateTime ToChina(DateTime utc) => Localization.BusinessTime.ToBusinessDateTime(utc);

    /// <summary>yyyy-MM-dd HH:mm in CST.</summary>
    public static string Time(DateTime? utc) => Localization.BusinessTime.FormatDateTime(utc);

    /// <summary>yyyy-MM-dd in CST.</summary>
    public static string Date(DateTime? utc) => Localization.BusinessTime.FormatDate(utc);

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Today's business date in CST.</summary>
    public static DateOnly Today(DateTime utcNow) => Localization.BusinessTime.ToBusinessDate(utcNow);
}
