using System.Net.Http.Headers;
using System.Text;
using Grassroots.Workflows.Services;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grassroots.Workflows.Activities;

/// <summary>
/// Sends an in-app notification (站内通知) to the users of a role in an org unit, or to a named user; optionally by
/// e-mail when SMTP is configured. Outcome "Done".
/// </summary>
internal sealed class NotifyActivity : WorkflowActivity
{
    public override string Name => "Notify";

    public override string Category => "通知";

    public override string DisplayName => "发送通知";

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
    [
        new("Title", "标题", "liquid", true),
        new("Body", "内容", "liquid"),
        .. AssigneeDescriptors("VillageStaff"),
        new("SendEmail", "同时发送邮件", "boolean") { Hint = "配置了 SMTP 且用户邮箱已确认时发送" },
    ];

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var (title, titleError) = await RenderAsync(context, "Title").ConfigureAwait(false);
        if (titleError is not null)
        {
            return Fault($"“标题”：{titleError}");
        }

        if (string.IsNullOrWhiteSpace(title))
        {
            return Fault("“标题”不能为空");
        }

        var (body, bodyError) = await RenderAsync(context, "Body").ConfigureAwait(false);
        if (bodyError is not null)
        {
            return Fault($"“内容”：{bodyError}");
        }

        var (role, orgUnitCode, userName, error) = await ResolveAssigneeAsync(context, "VillageStaff").ConfigureAwait(false);
        if (error is not null)
        {
            return Fault(error);
        }

        var notifications = context.Services.GetRequiredService<NotificationService>();
        var recipients = await notifications.ResolveRecipientsAsync(role, orgUnitCode, userName, context.CancellationToken).ConfigureAwait(false);

        // Notifications and e-mails are read outside the item's screens: personal data in them is masked.
        var masker = await context.Services.GetRequiredService<WorkflowSensitiveData>()
            .PublicMaskerAsync(context.Instance.CorrelationId, context.CancellationToken).ConfigureAwait(false);
        var count = await notifications.NotifyUsersAsync(recipients, masker.Mask(title)!, masker.Mask(body), EscalateActivity.ItemUrl(context), context.Instance.Id,
            Flag(context, "SendEmail"), context.CancellationToken).ConfigureAwait(false);
        context.State["recipients"] = count;
        return ActivityResult.Outcomes("Done");
    }
}

/// <summary>Writes <c>Message</c> (Liquid) to the application log at <c>Level</c>.</summary>
internal sealed class LogActivity(ILogger<LogActivity> logger) : WorkflowActivity
{
    public override string Name => "Log";

    public override string Category => "集成";

    public override string DisplayName => "日志";

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
    [
        new("Message", "消息", "liquid", true),
        new("Level", "级别", "select") { Default = "info", Options = [new("info", "信息"), new("warning", "警告"), new("error", "错误")] },
    ];

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var (message, error) = await RenderAsync(context, "Message").ConfigureAwait(false);
        if (error is not null)
        {
            return Fault($"“消息”：{error}");
        }

        var level = context.GetString("Level", "info") switch
        {
            "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => LogLevel.Information,
        };
#pragma warning disable CA1848 // The level is chosen at run time.
        logger.Log(level, "Workflow {InstanceId} ({ActivityId}): {Message}", context.Instance.Id, context.Activity.Id, message);
#pragma warning restore CA1848
        return ActivityResult.Outcomes("Done");
    }
}

/// <summary>
/// Calls an HTTP endpoint whose host is on the allow-list <c>Workflows:Http:AllowedHosts</c>; outcome "Success" (2xx) or
/// "Failure"; stores <c>httpStatus</c> and <c>httpBody</c> (first 10,000 characters). With a JSON content type the body
/// template's output values are JSON-escaped (<see cref="Expressions.ExpressionSyntax.LiquidJson"/>) and a body that is not
/// valid JSON faults the activity instead of being sent.
/// </summary>
internal sealed class HttpRequestActivity(IHttpClientFactory httpClients, IConfiguration configuration) : WorkflowActivity
{
    public const string ClientName = "Grassroots.Workflows.HttpRequest";

    public const int MaxBodyLength = 10_000;

    public override string Name => "HttpRequest";

    public override string Category => "集成";

    public override string DisplayName => "HTTP 请求";

    public override IReadOnlyList<ActivityOutcome> Outcomes { get; } = [new("Success", "成功"), new("Failure", "失败")];

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
    [
        new("Url", "地址", "liquid", true) { Hint = "主机必须在配置 Workflows:Http:AllowedHosts 的允许列表中" },
        new("Method", "方法", "select") { Default = "GET", Options = [new("GET", "GET"), new("POST", "POST"), new("PUT", "PUT")] },
        new("Body", "请求体", "liquid") { Hint = BodyHint },
        new("ContentType", "内容类型（Content-Type）", "text") { Default = "application/json" },
        new("Headers", "请求头", "headers") { Hint = "每行一个，如 Authorization: Bearer …；不能编辑工作流的用户看到的值已隐藏" },
    ];

    /// <summary>The designer's hint for the body: the safe form when the content type is JSON.</summary>
    public const string BodyHint = "内容类型为 JSON 时，{{ 值 }} 的输出按 JSON 字符串转义，须写在引号内；数字、数组等完整的 JSON 值用 {{ 值 | json }}，不加引号。"
        + "如 {\"title\": \"{{ contentItem.displayText }}\", \"id\": {{ contentItem.contentItemId | json }}}";

    public override async Task<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var (url, error) = await RenderAsync(context, "Url").ConfigureAwait(false);
        if (error is not null)
        {
            return Fault($"“地址”：{error}");
        }

        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return Fault($"“地址”{url} 不是有效的 http(s) 地址");
        }

        var allowed = configuration.GetSection("Workflows:Http:AllowedHosts").GetChildren()
            .Select(c => c.Value?.Trim()).Where(v => !string.IsNullOrEmpty(v));
        if (!allowed.Any(h => string.Equals(h, uri.Host, StringComparison.OrdinalIgnoreCase)))
        {
            return Fault($"“地址”的主机 {uri.Host} 不在允许列表（Workflows:Http:AllowedHosts）");
        }

        var method = (context.GetString("Method", "GET") ?? "GET").ToUpperInvariant() switch
        {
            "POST" => HttpMethod.Post,
            "PUT" => HttpMethod.Put,
            _ => HttpMethod.Get,
        };
        using var request = new HttpRequestMessage(method, uri);
        if (method != HttpMethod.Get)
        {
            var contentType = Text(context, "ContentType", "application/json")!;
            var json = IsJson(contentType);
            var (body, bodyError) = await RenderAsync(context, "Body", json).ConfigureAwait(false);
            if (bodyError is not null)
            {
                return Fault($"“请求体”：{bodyError}");
            }

            if (json && !string.IsNullOrWhiteSpace(body) && JsonProblem(body) is { } invalid)
            {
                return Fault($"“请求体”生成的不是有效的 JSON：{invalid}");
            }

            request.Content = new StringContent(body ?? "", Encoding.UTF8);
            if (MediaTypeHeaderValue.TryParse(contentType, out var header))
            {
                header.CharSet ??= "utf-8";
                request.Content.Headers.ContentType = header;
            }
        }

        var lines = (context.GetString("Headers") ?? "").Split('\n', StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            // The message names the line, never its value (a secret).
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? lines[i][..colon].Trim() : "";
            var value = colon > 0 ? lines[i][(colon + 1)..].Trim() : "";
            if (name.Length == 0 || !(request.Headers.TryAddWithoutValidation(name, value)
                || (request.Content?.Headers.TryAddWithoutValidation(name, value) ?? false)))
            {
                return Fault($"“请求头”第 {i + 1} 行无效（应为“名称: 值”）");
            }
        }

        var client = httpClients.CreateClient(ClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            context.Instance.Properties["httpStatus"] = (int)response.StatusCode;
            context.Instance.Properties["httpBody"] = text.Length > MaxBodyLength ? text[..MaxBodyLength] : text;
            return ActivityResult.Outcomes(response.IsSuccessStatusCode ? "Success" : "Failure");
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !context.CancellationToken.IsCancellationRequested))
        {
            context.Instance.Properties["httpStatus"] = 0;
            context.Instance.Properties["httpBody"] = ex is OperationCanceledException ? "请求超时（10 秒）" : ex.Message;
            return ActivityResult.Outcomes("Failure");
        }
    }

    /// <summary><c>application/json</c> or a <c>+json</c> media type (parameters ignored).</summary>
    internal static bool IsJson(string contentType)
    {
        var media = contentType.Split(';', 2)[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static string? JsonProblem(string text)
    {
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(text);
            return null;
        }
        catch (System.Text.Json.JsonException ex)
        {
            return ex.Message;
        }
    }
}
