using Grassroots.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Grassroots.Users.Controllers;

/// <summary>
/// While a signed-in user's password must be changed (<see cref="CredentialClaims.MustChangePassword"/> in the cookie),
/// every page redirects to <c>/account/password</c> and every API call answers 403, except the actions marked
/// <see cref="AllowWhilePasswordChangePendingAttribute"/>. Bearer tokens are never issued to such a user.
/// </summary>
internal sealed class MustChangePasswordFilter : IAuthorizationFilter
{
    public const string PagePath = "/account/password";

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.IsAuthenticated != true
            || !http.User.HasClaim(CredentialClaims.MustChangePassword, "true")
            || context.ActionDescriptor.EndpointMetadata.OfType<AllowWhilePasswordChangePendingAttribute>().Any())
        {
            return;
        }

        if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/open311"))
        {
            context.Result = new ObjectResult(new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "请先修改密码",
                Detail = "您的密码由管理员设置，请先在「我的账号 → 修改密码」页面设置新密码。",
            })
            { StatusCode = StatusCodes.Status403Forbidden, ContentTypes = { "application/problem+json" } };
            return;
        }

        var back = HttpMethods.IsGet(http.Request.Method) ? http.Request.PathBase + http.Request.Path + http.Request.QueryString : "";
        context.Result = new RedirectResult(back.Length > 0 ? $"{PagePath}?returnUrl={Uri.EscapeDataString(back)}" : PagePath);
    }
}
