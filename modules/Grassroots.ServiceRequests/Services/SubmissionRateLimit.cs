using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Grassroots.ServiceRequests.Services.Open311;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Grassroots.ServiceRequests.Services;

/// <summary>
/// Anonymous submissions (portal form, online follow-up answers, Open311 POST) per client address (an IPv6 client by its
/// /64, see <see cref="Grassroots.Security.ClientAddress"/>): a fixed window of
/// <c>ServiceRequests:SubmitRateLimit:PermitLimit</c> (default 5) per <c>ServiceRequests:SubmitRateLimit:WindowSeconds</c>
/// (default 600). A refused request gets 429 with Retry-After and a Chinese message: an HTML page on the portal, the
/// Open311 error list (JSON or XML by the path's suffix) under <c>/open311</c>.
/// </summary>
internal sealed class SubmissionRateLimitPolicy(IConfiguration configuration) : IRateLimiterPolicy<string>
{
    /// <summary>The policy name (<c>[EnableRateLimiting(SubmissionRateLimitPolicy.Name)]</c>).</summary>
    public const string Name = "service-submit";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var limit = configuration.GetValue("ServiceRequests:SubmitRateLimit:PermitLimit", 5);
        var window = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("ServiceRequests:SubmitRateLimit:WindowSeconds", 600)));
        var key = Grassroots.Security.ClientAddress.PartitionKey(httpContext);
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, limit),
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var T = http.RequestServices.GetRequiredService<IStringLocalizer<SubmissionRateLimitPolicy>>();
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 600;
        var minutes = Math.Max(1, (retryAfter + 59) / 60);
        var message = T["提交过于频繁，请 {0} 分钟后再试。", minutes].Value;
        var response = http.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);

        if (http.Request.Path.StartsWithSegments("/open311"))
        {
            await Open311Format.WriteErrorAsync(http, StatusCodes.Status429TooManyRequests, message, cancellationToken);
            return;
        }

        var title = WebUtility.HtmlEncode(T["提交过于频繁"].Value);
        var back = WebUtility.HtmlEncode(T["返回首页"].Value);
        var lang = WebUtility.HtmlEncode(CultureInfo.CurrentUICulture.Name);
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="{lang}"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{title}</title>
            <link rel="stylesheet" href="/_content/Grassroots.Themes.Admin/lib/bootstrap/css/bootstrap.min.css" /></head>
            <body class="bg-body-tertiary"><main class="container py-5" style="max-width:40rem">
            <div class="alert alert-warning" role="alert"><h1 class="h4">{title}</h1><p class="mb-0">{WebUtility.HtmlEncode(message)}</p></div>
            <a class="btn btn-outline-secondary" href="/">{back}</a>
            </main></body></html>
            """,
            cancellationToken);
    }
}
