using Microsoft.AspNetCore.Http;

namespace Grassroots.Security;

/// <summary>
/// Security headers on every response: a content security policy (scripts only from the site, no inline script,
/// no framing), <c>nosniff</c>, a strict referrer policy, and HSTS over HTTPS.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>
    /// Inline styles stay allowed (Bootstrap components set them); inline scripts and event-handler attributes do not.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; " +
        "img-src 'self' data:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            if (http.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
