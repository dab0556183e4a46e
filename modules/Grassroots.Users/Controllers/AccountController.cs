using Grassroots.Audit;
using Grassroots.Localization;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Grassroots.Users.Controllers;

/// <summary>Sign in and out of the dashboard.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
[AllowWhilePasswordChangePending]
public sealed class AccountController(
    UserManager<GrassrootsUser> users,
    SignInManager<GrassrootsUser> signIn,
    ILoginThrottle throttle,
    TimeProvider clock,
    IAuditTrail audit,
    IStringLocalizer<AccountController> T) : Controller
{
    [HttpGet("/login")]
    [AllowAnonymous]
    public IActionResult Login(string? returnUrl = null)
    {
        ViewData["ReturnUrl"] = returnUrl;
        return View(new LoginViewModel());
    }

    [HttpPost("/login")]
    [AllowAnonymous]
    [ValidateAntiForgeryToken]
    [EnableRateLimiting("login")]
    public async Task<IActionResult> Login(LoginViewModel model, string? returnUrl = null)
    {
        ViewData["ReturnUrl"] = returnUrl;
        if (string.IsNullOrWhiteSpace(model.UserName) || string.IsNullOrEmpty(model.Password))
        {
            ModelState.AddModelError("", T["请填写用户名和密码"]);
            return View(model);
        }

        var name = model.UserName.Trim();
        var user = await users.FindByNameAsync(name);
        if (user is null || user.IsDisabled)
        {
            await LoginAudit.RecordAsync(audit, "login.failed", name, user is null ? $"登录失败：用户「{name}」不存在" : $"登录失败：用户「{name}」已停用", "form");
            ModelState.AddModelError("", T["用户名或密码错误"]);
            return View(model);
        }

        var state = await throttle.CheckAsync(user, HttpContext, HttpContext.RequestAborted);
        if (state.IsLockedOut)
        {
            return await CompleteAsync(user, name, Microsoft.AspNetCore.Identity.SignInResult.LockedOut, returnUrl, model, "form");
        }

        await Task.Delay(state.Delay, clock, HttpContext.RequestAborted);
        var result = await signIn.PasswordSignInAsync(user, model.Password, model.RememberMe, lockoutOnFailure: false);
        if (result == Microsoft.AspNetCore.Identity.SignInResult.Failed && await throttle.RecordFailureAsync(user, HttpContext, HttpContext.RequestAborted))
        {
            // This wrong password caused the lockout (from this address).
            await LoginAudit.RecordAsync(audit, "login.failed", name, $"登录失败：用户「{name}」密码错误", "form", user.Id);
            result = Microsoft.AspNetCore.Identity.SignInResult.LockedOut;
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToAction(nameof(LoginTwoFactor), new { returnUrl, rememberMe = model.RememberMe });
        }

        return await CompleteAsync(user, name, result, returnUrl, model, "form");
    }

    [HttpGet("/login/2fa")]
    [AllowAnonymous]
    public async Task<IActionResult> LoginTwoFactor(string? returnUrl = null, bool rememberMe = false)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return LocalRedirect("/login");
        }

        ViewData["ReturnUrl"] = returnUrl;
        return View(new TwoFactorViewModel { RememberMe = rememberMe });
    }

    [HttpPost("/login/2fa")]
    [AllowAnonymous]
    [ValidateAntiForgeryToken]
    [EnableRateLimiting("login")]
    public async Task<IActionResult> LoginTwoFactor(TwoFactorViewModel model, string? returnUrl = null)
    {
        ViewData["ReturnUrl"] = returnUrl;
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return LocalRedirect("/login");
        }

        var code = (model.Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (code.Length == 0)
        {
            ModelState.AddModelError(nameof(model.Code), T["请填写验证码"]);
            return View(model);
        }

        if ((await throttle.CheckAsync(user, HttpContext, HttpContext.RequestAborted)).IsLockedOut)
        {
            return await CompleteAsync(user, user.UserName, Microsoft.AspNetCore.Identity.SignInResult.LockedOut, returnUrl, model, "form-2fa");
        }

        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, model.RememberMe, rememberClient: false);
        if (result.Succeeded || result.IsLockedOut)
        {
            return await CompleteAsync(user, user.UserName, result, returnUrl, model, "form-2fa");
        }

        if (await throttle.RecordFailureAsync(user, HttpContext, HttpContext.RequestAborted))
        {
            await LoginAudit.RecordAsync(audit, "login.failed", user.UserName, $"登录失败：用户「{user.UserName}」的动态验证码错误", "form-2fa", user.Id);
            return await CompleteAsync(user, user.UserName, Microsoft.AspNetCore.Identity.SignInResult.LockedOut, returnUrl, model, "form-2fa");
        }

        await LoginAudit.RecordAsync(audit, "login.failed", user.UserName, $"登录失败：用户「{user.UserName}」的动态验证码错误", "form-2fa", user.Id);
        ModelState.AddModelError(nameof(model.Code), T["验证码错误"]);
        return View(model);
    }

    private async Task<IActionResult> CompleteAsync(GrassrootsUser user, string? name, Microsoft.AspNetCore.Identity.SignInResult result, string? returnUrl, object model, string channel)
    {
        if (result.IsLockedOut)
        {
            await LoginAudit.RecordAsync(audit, "login.lockedOut", name, $"登录被拒绝：用户「{name}」已锁定", channel, user.Id);
            ModelState.AddModelError("", T["密码连续错误次数过多，账号在此网络地址已锁定 15 分钟"]);
            return View(model);
        }

        if (!result.Succeeded)
        {
            await LoginAudit.RecordAsync(audit, "login.failed", name, $"登录失败：用户「{name}」密码错误", channel, user.Id);
            ModelState.AddModelError("", T["用户名或密码错误"]);
            return View(model);
        }

        await throttle.RecordSuccessAsync(user, HttpContext, HttpContext.RequestAborted);
        await LoginAudit.RecordAsync(audit, "login.succeeded", user.UserName, $"用户「{user.UserName}」登录", channel, user.Id);
        if (GrassrootsCultures.IsSupported(user.Culture))
        {
            CultureCookie.Write(Response, user.Culture!);
        }

        var next = Url.IsLocalUrl(returnUrl) ? returnUrl : "/admin";
        return user.MustChangePassword
            ? LocalRedirect($"{MustChangePasswordFilter.PagePath}?returnUrl={Uri.EscapeDataString(next)}")
            : LocalRedirect(next);
    }

    [HttpPost("/logout")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Logout()
    {
        var name = User.Identity?.Name;
        await signIn.SignOutAsync();
        if (name is not null)
        {
            await LoginAudit.RecordAsync(audit, "logout", name, $"用户「{name}」退出登录", "form");
        }

        return LocalRedirect("/login");
    }

    [HttpGet("/access-denied")]
    [AllowAnonymous]
    public IActionResult AccessDenied() => View();

    /// <summary>Switches the UI language (zh-CN or en) and returns to the page.</summary>
    [HttpGet("/culture/{culture}")]
    [AllowAnonymous]
    public IActionResult SetCulture(string culture, string? returnUrl = null)
    {
        if (GrassrootsCultures.IsSupported(culture))
        {
            CultureCookie.Write(Response, culture);
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
