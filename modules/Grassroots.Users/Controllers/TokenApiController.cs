using Grassroots.Audit;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Grassroots.Users.Controllers;

/// <summary>Issues bearer tokens for the HTTP API.</summary>
[ApiController]
[Route("api/auth")]
[Tags("Auth")]
public sealed class TokenApiController(
    UserManager<GrassrootsUser> users,
    SignInManager<GrassrootsUser> signIn,
    ITokenService tokens,
    ILoginThrottle throttle,
    TimeProvider clock,
    IAuditTrail audit,
    IStringLocalizer<TokenApiController> T) : ControllerBase
{
    /// <summary>
    /// Exchanges a user name and password (and the 6-digit <c>code</c> when two-factor sign-in is on) for a JWT (valid
    /// one hour). Five wrong attempts from one address lock the account from that address for 15 minutes (other
    /// addresses are not locked; an account attacked from many addresses is slowed down); attempts per client address
    /// are rate limited. A user whose password was set by an administrator gets 403 until it has changed it on the web
    /// page. The token stops working as soon as the user is disabled, locked, given other roles or a new password.
    /// </summary>
    [HttpPost("token")]
    [AllowAnonymous]
    [IgnoreAntiforgeryToken]
    [EnableRateLimiting("login")]
    [ProducesResponseType<TokenResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests)]
    public async Task<IActionResult> CreateToken([FromBody] TokenRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password))
        {
            return Problem(title: T["请填写用户名和密码"], statusCode: StatusCodes.Status400BadRequest);
        }

        var name = request.UserName.Trim();
        var user = await users.FindByNameAsync(name);
        if (user is null || user.IsDisabled)
        {
            await LoginAudit.RecordAsync(audit, "login.failed", name, user is null ? $"登录失败：用户「{name}」不存在" : $"登录失败：用户「{name}」已停用", "api");
            return Problem(title: T["用户名或密码错误"], statusCode: StatusCodes.Status401Unauthorized);
        }

        var state = await throttle.CheckAsync(user, HttpContext, cancellationToken);
        var result = Microsoft.AspNetCore.Identity.SignInResult.LockedOut;
        if (!state.IsLockedOut)
        {
            await Task.Delay(state.Delay, clock, cancellationToken);
            result = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: false);
            if (result == Microsoft.AspNetCore.Identity.SignInResult.Failed && await throttle.RecordFailureAsync(user, HttpContext, cancellationToken))
            {
                // This wrong password caused the lockout (from this address).
                await LoginAudit.RecordAsync(audit, "login.failed", name, $"登录失败：用户「{name}」密码错误", "api", user.Id);
                result = Microsoft.AspNetCore.Identity.SignInResult.LockedOut;
            }
        }

        if (result.IsLockedOut)
        {
            await LoginAudit.RecordAsync(audit, "login.lockedOut", name, $"登录被拒绝：用户「{name}」已锁定", "api", user.Id);
            return Problem(title: T["账号在此网络地址已被锁定，请 15 分钟后再试"], statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!result.Succeeded)
        {
            await LoginAudit.RecordAsync(audit, "login.failed", name, $"登录失败：用户「{name}」密码错误", "api", user.Id);
            return Problem(title: T["用户名或密码错误"], statusCode: StatusCodes.Status401Unauthorized);
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            var code = (request.Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            if (code.Length == 0)
            {
                return Problem(title: T["该账号已开启两步验证，请填写动态验证码（code）"], statusCode: StatusCodes.Status401Unauthorized);
            }

            if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
            {
                await throttle.RecordFailureAsync(user, HttpContext, cancellationToken);
                await LoginAudit.RecordAsync(audit, "login.failed", name, $"登录失败：用户「{name}」的动态验证码错误", "api", user.Id);
                return Problem(title: T["验证码错误"], statusCode: StatusCodes.Status401Unauthorized);
            }
        }

        if (user.MustChangePassword)
        {
            // The password is right but was set by someone else: no token until the user has chosen its own.
            await LoginAudit.RecordAsync(audit, "login.passwordChangeRequired", name, $"未发放接口令牌：用户「{name}」须先修改管理员设置的密码", "api", user.Id);
            return Problem(
                title: T["请先修改密码"],
                detail: T["您的密码由管理员设置，请先登录网页，在「我的账号 → 修改密码」页面设置新密码，再获取接口令牌。"],
                statusCode: StatusCodes.Status403Forbidden);
        }

        await throttle.RecordSuccessAsync(user, HttpContext, cancellationToken);
        var token = await tokens.CreateTokenAsync(user, cancellationToken);
        await LoginAudit.RecordAsync(audit, "login.succeeded", user.UserName, $"用户「{user.UserName}」获取接口令牌", "api", user.Id);
        return Ok(new TokenResponse(token.Token, "Bearer", token.ExpiresInSeconds));
    }
}
