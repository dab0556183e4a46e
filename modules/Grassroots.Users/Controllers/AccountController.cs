using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.Users.Controllers;

/// <summary>Sign in and out of the dashboard.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class AccountController(
    UserManager<GrassrootsUser> users,
    SignInManager<GrassrootsUser> signIn,
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
    public async Task<IActionResult> Login(LoginViewModel model, string? returnUrl = null)
    {
        ViewData["ReturnUrl"] = returnUrl;
        if (string.IsNullOrWhiteSpace(model.UserName) || string.IsNullOrEmpty(model.Password))
        {
            ModelState.AddModelError("", T["请填写用户名和密码"]);
            return View(model);
        }

        var user = await users.FindByNameAsync(model.UserName.Trim());
        if (user is null || user.IsDisabled)
        {
            ModelState.AddModelError("", T["用户名或密码错误"]);
            return View(model);
        }

        var result = await signIn.PasswordSignInAsync(user, model.Password, model.RememberMe, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            ModelState.AddModelError("", T["密码连续错误次数过多，账号已锁定 15 分钟"]);
            return View(model);
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError("", T["用户名或密码错误"]);
            return View(model);
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/admin");
    }

    [HttpPost("/logout")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
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
        if (Localization.GrassrootsCultures.IsSupported(culture))
        {
            Localization.CultureCookie.Write(Response, culture);
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
