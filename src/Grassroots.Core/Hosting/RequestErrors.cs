using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Grassroots.Hosting;

/// <summary>
/// Bad input at the edge answered like every other error: RFC 7807 problem details with a Chinese title and per-field
/// messages (English for a user who chose English) — a body over the size limit is 413, malformed JSON or a value of the
/// wrong type is 400 naming the field, and no parser's English text reaches the client.
/// </summary>
internal static partial class RequestErrors
{
    /// <summary>The most a request body may hold (also the multipart limit): 20 MiB.</summary>
    public const long MaxBodyBytes = 20 * 1024 * 1024;

    /// <summary>The title and detail of a body over <see cref="MaxBodyBytes"/>.</summary>
    public static ProblemDetails TooLarge(IStringLocalizer T) => new()
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = T["提交的内容过大"],
        Detail = T["请求内容不能超过 {0} MB；附件请压缩或分开上传。", MaxBodyBytes / 1024 / 1024],
    };

    /// <summary>
    /// Replaces MVC's default answer to an invalid model state: Chinese title, each field's messages (a message the
    /// framework or a parser wrote in English is replaced by a localized one naming the field), 413 when the form or
    /// body was over the limit.
    /// </summary>
    public static IActionResult InvalidModelState(ActionContext context)
    {
        var T = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizerFactory>().Create(typeof(RequestErrors));
        if (context.ModelState.Values.SelectMany(v => v.Errors).Any(e => IsTooLarge(e.ErrorMessage) || IsTooLarge(e.Exception)))
        {
            return Result(context.HttpContext, TooLarge(T));
        }

        // When the body could not be read, the body parameter is also reported missing ("The input field is required."):
        // the parser's error already says what is wrong.
        var bodyParameters = context.ActionDescriptor.Parameters
            .Where(p => p.BindingInfo?.BindingSource == BindingSource.Body)
            .Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var bodyUnreadable = context.ModelState.Any(e => e.Key.StartsWith('$') && e.Value is { Errors.Count: > 0 });
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, entry) in context.ModelState)
        {
            if (entry.Errors.Count == 0 || (bodyUnreadable && bodyParameters.Contains(key)))
            {
                continue;
            }

            var field = FieldName(key);
            errors[field] = entry.Errors.Select(e => Message(e, field, T)).Distinct().ToArray();
        }

        var problem = new ValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = T["提交的数据有误"],
            Detail = T["请按各字段的提示修改后重新提交。"],
        };
        return Result(context.HttpContext, problem);
    }

    private static ObjectResult Result(HttpContext http, ProblemDetails problem)
    {
        problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? http.TraceIdentifier;
        return new ObjectResult(problem)
        {
            StatusCode = problem.Status,
            ContentTypes = { "application/problem+json", "application/problem+xml" },
        };
    }

    /// <summary>A message fit for the client: the model's own (already localized) text, or a localized one for parser errors.</summary>
    private static string Message(ModelError error, string field, IStringLocalizer T)
    {
        if (error.Exception is System.Text.Json.JsonException json && IsSyntaxError(json))
        {
            return json.LineNumber is { } line && json.BytePositionInLine is { } column
                ? T["请求内容不是有效的 JSON（第 {0} 行第 {1} 个字符附近）", line + 1, column + 1]
                : T["请求内容不是有效的 JSON，或与接口要求的结构不符"];
        }

        if (error.Exception is not null || string.IsNullOrEmpty(error.ErrorMessage))
        {
            return field.Length == 0 ? T["请求内容不是有效的 JSON，或与接口要求的结构不符"] : T["「{0}」的值格式或类型不正确", field];
        }

        return error.ErrorMessage;
    }

    /// <summary>
    /// Whether the text is not JSON at all (truncated, a stray character…): the reader's own exception type derives from
    /// <see cref="System.Text.Json.JsonException"/>, and the serializer wraps it; a wrong type is a plain one.
    /// </summary>
    private static bool IsSyntaxError(System.Text.Json.JsonException json)
        => json.GetType() != typeof(System.Text.Json.JsonException)
            || (json.InnerException is System.Text.Json.JsonException inner && IsSyntaxError(inner));

    /// <summary><c>$.content.households</c> → <c>content.households</c>; <c>$</c> and the empty key → empty.</summary>
    private static string FieldName(string key)
    {
        var name = key.StartsWith('$') ? key.TrimStart('$').TrimStart('.') : key;
        return name;
    }

    private static bool IsTooLarge(Exception? exception)
        => exception switch
        {
            null => false,
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => true,
            InvalidDataException data when IsTooLarge(data.Message) => true,
            _ => IsTooLarge(exception.InnerException),
        };

    /// <summary>The framework's texts for a form or body over its limit (they reach the model state only as text).</summary>
    private static bool IsTooLarge(string? message)
        => message is not null && TooLargeText().IsMatch(message);

    [GeneratedRegex(@"body too large|body length limit|length limit \d+ exceeded|Form value count limit|Form key length limit|Form value length limit", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TooLargeText();

    /// <summary>Whether an exception is a client's bad request that the exception handler should answer (not a 500).</summary>
    public static bool TryGetClientError(Exception exception, out int status)
    {
        status = exception switch
        {
            BadHttpRequestException bad => bad.StatusCode,
            _ when IsTooLarge(exception) => StatusCodes.Status413PayloadTooLarge,
            _ => 0,
        };
        return status is >= 400 and < 500;
    }

    /// <summary>
    /// Answers a client error that escaped as an exception (Kestrel's "Request body too large" while a formatter reads
    /// the body, a malformed request line…) with problem details instead of a 500, in the request's culture.
    /// </summary>
    internal sealed class ClientErrorHandler(IStringLocalizerFactory localizers, IOptions<RequestLocalizationOptions> localization) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (!TryGetClientError(exception, out var status) || httpContext.Response.HasStarted)
            {
                return false;
            }

            // The localization middleware's culture does not flow back out of the failed request: set it again.
            var culture = httpContext.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture
                ?? localization.Value.DefaultRequestCulture.UICulture;
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = culture;
            try
            {
                var T = localizers.Create(typeof(RequestErrors));
                var problem = status == StatusCodes.Status413PayloadTooLarge
                    ? TooLarge(T)
                    : new ProblemDetails { Status = status, Title = T["请求格式不正确"], Detail = T["服务器无法理解这个请求，请检查后重试。"] };
                problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? httpContext.TraceIdentifier;
                httpContext.Response.Clear();
                httpContext.Response.StatusCode = status;
                await httpContext.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
                return true;
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }
    }
}
