using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cronos;
using Grassroots.Commands;
using Grassroots.Calendar;
using Grassroots.ContentManagement;
using Grassroots.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Workflows.Activities;

/// <summary>Fires on a 5-field cron schedule in China Standard Time; ends with "Done" when the sweep resumes it.</summary>
internal sealed class TimerEvent : WorkflowActivity
{
    public override string Name => "Timer";

    public override string Category => "事件";

    public override string DisplayName => "定时器";

    public override bool IsEvent => true;

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
        [new("Cron", "Cron 表达式", "text", true) { Hint = "5 段 cron（分 时 日 月 周），北京时间，例如 0 8 * * 1-5 表示工作日早 8 点" }];

    /// <summary>The next occurrence of <paramref name="cron"/> after <paramref name="utcNow"/>, in CST; null with an error when invalid.</summary>
    public static (DateTime? NextUtc, string? Error) NextOccurrence(string? cron, DateTime utcNow)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            return (null, "“Cron 表达式”不能为空");
        }

        CronExpression expression;
        try
        {
            expression = CronExpression.Parse(cron.Trim(), CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            return (null, $"“Cron 表达式”{cron} 无效：{ex.Message}");
        }

        var next = expression.GetNextOccurrence(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), BusinessTime.ChinaStandardTime);
        return next is null ? (null, $"“Cron 表达式”{cron} 之后不再触发") : (next, null);
    }

    public override Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.IsResuming)
        {
            return Task.FromResult(ActivityResult.Outcomes("Done"));
        }

        var (next, error) = NextOccurrence(context.GetString("Cron"), context.UtcNow);
        return Task.FromResult(next is null ? Fault(error!) : ActivityResult.Blocked(dueUtc: next));
    }
}

/// <summary>The deadline arithmetic shared by 期限, 设置期限 and user tasks, in the business calendar (CST).</summary>
internal static class DeadlineCalculator
{
    public static IReadOnlyList<ActivityOutcome> Units { get; } =
        [new("workingDays", "工作日"), new("calendarDays", "自然日"), new("hours", "小时")];

    /// <summary>
    /// The end of the day <paramref name="days"/> working (or calendar) days after <paramref name="from"/> (never counted):
    /// 00:00 CST of the following day, as UTC, and that CST date.
    /// </summary>
    public static async Task<(DateTime DueUtc, DateOnly Date)> EndOfDayAsync(IBusinessCalendar? calendar, DateOnly from, int days, bool working, CancellationToken cancellationToken)
    {
        var date = working && calendar is not null
            ? await calendar.AddWorkingDaysAsync(from, days, cancellationToken).ConfigureAwait(false)
            : from.AddDays(days);
        var midnight = date.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return (TimeZoneInfo.ConvertTimeToUtc(midnight, BusinessTime.ChinaStandardTime), date);
    }

    /// <summary>Parses a date (<c>yyyy-MM-dd</c>, a CST day) or a date-time (with offset, else CST wall time) into a UTC instant.</summary>
    public static bool TryParseBase(string? text, out DateTime utc)
    {
        utc = default;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            utc = TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue), BusinessTime.ChinaStandardTime);
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var offset)
            && (text.EndsWith('Z') || text.EndsWith('z') || System.Text.RegularExpressions.Regex.IsMatch(text, @"[+-]\d{2}:?\d{2}$")))
        {
            utc = offset.UtcDateTime;
            return true;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), BusinessTime.ChinaStandardTime);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Computes the deadline of an activity from <c>BaseDate</c> (expression; empty = now), <c>Amount</c> and <c>Unit</c>.
    /// Returns the due instant and the text stored in properties (CST date for day units, CST date-time for hours),
    /// or an error naming the property.
    /// </summary>
    public static async Task<(DateTime DueUtc, string Text, string? Error)> ComputeAsync(ActivityContext context)
    {
        var baseUtc = context.UtcNow;
        var expression = context.GetString("BaseDate");
        if (!string.IsNullOrWhiteSpace(expression))
        {
            var result = await context.EvaluateAsync(expression, context.GetString("Syntax", Expressions.ExpressionSyntax.JavaScript)!).ConfigureAwait(false);
            if (!result.Success)
            {
                return (default, "", $"“起始日期”：{result.Error}");
            }

            var text = result.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : result.Value?.ToJsonString();
            if (!string.IsNullOrWhiteSpace(text) && !TryParseBase(text, out baseUtc))
            {
                return (default, "", $"“起始日期”的值“{text}”不是日期或日期时间（应为 yyyy-MM-dd 或 yyyy-MM-ddTHH:mm）");
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                baseUtc = context.UtcNow;
            }
        }

        var amount = WorkflowActivity.AsNumber(context.Properties["Amount"]);
        if (amount is null || double.IsNaN(amount.Value) || Math.Abs(amount.Value) > 3650)
        {
            return (default, "", "“数量”必须是 -3650 到 3650 之间的数字");
        }

        var unit = context.GetString("Unit", "workingDays");
        switch (unit)
        {
            case "hours":
                var due = baseUtc.AddHours(amount.Value);
                var cst = BusinessTime.ToBusinessDateTime(due);
                return (due, new DateTimeOffset(cst, BusinessTime.ChinaStandardTime.GetUtcOffset(due)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), null);
            case "workingDays" or "calendarDays" or null or "":
                if (amount.Value != Math.Floor(amount.Value))
                {
                    return (default, "", "按天计算时“数量”必须是整数");
                }

                var calendar = context.Services.GetService<IBusinessCalendar>();
                var (dueUtc, date) = await EndOfDayAsync(calendar, BusinessTime.ToBusinessDate(baseUtc), (int)amount.Value,
                    unit != "calendarDays", context.CancellationToken).ConfigureAwait(false);
                return (dueUtc, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null);
            default:
                return (default, "", $"“单位”{unit} 无效（应为 workingDays、calendarDays 或 hours）");
        }
    }

    public static IReadOnlyList<ActivityPropertyDescriptor> Descriptors { get; } =
    [
        new("BaseDate", "起始日期", "expression") { Hint = "结果为日期（yyyy-MM-dd）或日期时间的表达式，留空表示当前时间" },
        new("Amount", "数量", "number", true),
        new("Unit", "单位", "select") { Default = "workingDays", Options = Units },
    ];
}

/// <summary>Waits until a deadline (N working days, calendar days or hours after a date); outcome "Elapsed" (已到期).</summary>
internal sealed class DeadlineEvent : WorkflowActivity
{
    public override string Name => "Deadline";

    public override string Category => "事件";

    public override string DisplayName => "期限";

    public override bool IsEvent => true;

    /// <summary>It waits inside a running instance: nothing would ever start a workflow here.</summary>
    public override bool CanStartWorkflow => false;

    public override IReadOnlyList<ActivityOutcome> Outcomes { get; } = [new("Elapsed", "已到期")];

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } = DeadlineCalculator.Descriptors;

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.IsResuming)
        {
            return ActivityResult.Outcomes("Elapsed");
        }

        var (due, text, error) = await DeadlineCalculator.ComputeAsync(context).ConfigureAwait(false);
        if (error is not null)
        {
            return Fault(error);
        }

        context.Instance.Properties["deadline"] = text;
        return ActivityResult.Blocked(dueUtc: due);
    }
}

/// <summary>Computes a deadline into the property <c>PropertyName</c> and optionally a content field; outcome "Done".</summary>
internal sealed class SetDeadlineActivity : WorkflowActivity
{
    public override string Name => "SetDeadline";

    public override string Category => "任务";

    public override string DisplayName => "设置期限";

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
    [
        .. DeadlineCalculator.Descriptors,
        new("PropertyName", "变量名") { Default = "deadline" },
        new("Field", "写入字段") { Hint = "可选：关联内容项的字段，格式为“部件.字段”，如 OpinionReport.Deadline" },
    ];

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var (_, text, error) = await DeadlineCalculator.ComputeAsync(context).ConfigureAwait(false);
        if (error is not null)
        {
            return Fault(error);
        }

        context.Instance.Properties[Text(context, "PropertyName", "deadline")!] = text;
        var field = Text(context, "Field");
        if (field is not null)
        {
            var fault = await ContentFieldWriter.WriteAsync(context, field, JsonValue.Create(text)).ConfigureAwait(false);
            if (fault is not null)
            {
                return Fault(fault);
            }
        }

        return ActivityResult.Outcomes("Done");
    }
}

/// <summary>Writes one field of the correlated content item as a new version.</summary>
internal static class ContentFieldWriter
{
    /// <summary>Splits "Part.Field" (a bare "Field" means the type's own part); null when malformed.</summary>
    public static (string Part, string Field)? Split(string path, string contentType)
    {
        var parts = path.Trim().Split('.', StringSplitOptions.TrimEntries);
        return parts switch
        {
            [var f] when f.Length > 0 => (contentType, f),
            [var p, var f] when p.Length > 0 && f.Length > 0 => (p, f),
            _ => null,
        };
    }

    /// <summary>Sets the field and saves; returns a Chinese error or null.</summary>
    public static async Task<string?> WriteAsync(ActivityContext context, string path, JsonNode? value)
    {
        var id = context.Instance.CorrelationId;
        if (string.IsNullOrEmpty(id))
        {
            return "工作流没有关联内容项，无法写入字段";
        }

        var contents = context.Services.GetRequiredService<IContentManager>();
        var item = await contents.GetAsync(id, VersionOptions.Latest, context.CancellationToken).ConfigureAwait(false);
        if (item is null)
        {
            return $"关联的内容项 {id} 不存在";
        }

        if (Split(path, item.ContentType) is not var (part, field))
        {
            return $"“字段”{path} 格式无效（应为“部件.字段”）";
        }

        item.SetFieldValue(part, field, value?.DeepClone());
        var result = await contents.UpdateAsync(item, item.ConcurrencyStamp, item.Published, context.CancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            CommandStatus.Succeeded => null,
            CommandStatus.Invalid => "保存内容项失败：" + string.Join("；", result.Errors.Select(e => $"{e.Key}：{string.Join("，", e.Value)}")),
            CommandStatus.NotFound => $"关联的内容项 {id} 不存在",
            _ => $"保存内容项失败：{result.Message}",
        };
    }
}
