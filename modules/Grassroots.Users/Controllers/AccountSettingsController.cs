using System.Text;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.Localization;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.Extensions.Localization;

namespace Grassroots.Users.Controllers;

/// <summary>The 我的账号 page.</summary>
public sealed class AccountSettingsViewModel
{
    /// <summary>Set by the controller, never bound from the form (nor validated: it would make every post invalid).</summary>
    [BindNever]
    [ValidateNever]
    public GrassrootsUser User { get; set; } = null!;
    public string? SharedKey { get; set; }
    public string? AuthenticatorUri { get; set; }
    public string? CurrentPassword { get; set; }
    public string? NewPassword { get; set; }
    public string? ConfirmPassword { get; set; }
    public string? Code { get; set; }

    /// <summary>The current password, asked for before two-factor sign-in is switched off.</summary>
    public string? DisablePassword { get; set; }

    /// <summary>Where to go after a required password change (a local URL).</summary>
    public string? ReturnUrl { get; set; }
}

/// <summary>
/// Self-service for any signed-in user: password, language, two-factor sign-in. A user whose password was set by someone
/// else is sent to <c>/account/password</c> until it is changed (<see cref="MustChangePasswordFilter"/>).
/// </summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class AccountSettingsController(
    UserManager<GrassrootsUser> users,
    SignInManager<GrassrootsUser> signIn,
    IAuditTrail audit,
    IStringLocalizer<AccountSettingsController> T) : Controller
{
    [HttpGet("/account")]
    public async Task<IActionResult> Index()
    {
        var user = await users.GetUserAsync(User);
        return user is null ? Challenge() : View("Index", await BuildAsync(user, new AccountSettingsViewModel()));
    }

    /// <summary>The password page on its own: where a user whose password was set by someone else is sent until it is changed.</summary>
    [HttpGet("/account/password")]
    [AllowWhilePasswordChangePending]
    public async Task<IActionResult> ChangePassword(string? returnUrl)
    {
        var user = await users.GetUserAsync(User);
        return user is null ? Challenge() : View("ChangePassword", await BuildAsync(user, new AccountSettingsViewModel { ReturnUrl = returnUrl }, withAuthenticatorKey: false));
    }

    [HttpPost("/account/password")]
    [AllowWhilePasswordChangePending]
    public async Task<IActionResult> ChangePassword(AccountSettingsViewModel model)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        // Posted from the password page (a required change) rather than from the account page.
        var page = model.ReturnUrl is not null || user.MustChangePassword ? "ChangePassword" : "Index";

        if (string.IsNullOrEmpty(model.CurrentPassword))
        {
            ModelState.AddModelError(nameof(model.CurrentPassword), T["请填写当前密码"]);
        }

        if (string.IsNullOrEmpty(model.NewPassword))
        {
            ModelState.AddModelError(nameof(model.NewPassword), T["请填写新密码"]);
        }
        else if (model.NewPassword != model.ConfirmPassword)
        {
            ModelState.AddModelError(nameof(model.ConfirmPassword), T["两次输入的新密码不一致"]);
        }
        else if (model.NewPassword == model.CurrentPassword)
        {
            ModelState.AddModelError(nameof(model.NewPassword), T["新密码不能与当前密码相同"]);
        }

        if (ModelState.IsValid)
        {
            var result = await users.ChangePasswordAsync(user, model.CurrentPassword!, model.NewPassword!);
            if (result.Succeeded)
            {
                var required = user.MustChangePassword;
                if (required)
                {
                    user.MustChangePassword = false;
                    await users.UpdateAsync(user);
                }

                // The change gave the user a new security stamp: this session gets a cookie with it, every other one ends.
                await signIn.RefreshSignInAsync(user);
                await Record("account.passwordChanged", $"用户「{user.UserName}」修改了密码");
                TempData["Success"] = T["密码已修改"].Value;
                return Redirect(required ? (Url.IsLocalUrl(model.ReturnUrl) ? model.ReturnUrl! : "/admin") : "/account");
            }

            foreach (var e in result.Errors)
            {
                ModelState.AddModelError(e.Code == "PasswordMismatch" ? nameof(model.CurrentPassword) : nameof(model.NewPassword), T[e.Description]);
            }
        }

        return View(page, await BuildAsync(user, model, withAuthenticatorKey: page == "Index"));
    }

    [HttpPost("/account/culture")]
    public async Task<IActionResult> SetCulture(string? culture)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        user.Culture = GrassrootsCultures.IsSupported(culture) ? GrassrootsCultures.Supported.First(c => string.Equals(c, culture, StringComparison.OrdinalIgnoreCase)) : null;
        await users.UpdateAsync(user);
        CultureCookie.Write(Response, user.Culture ?? GrassrootsCultures.Chinese);
        await signIn.RefreshSignInAsync(user);
        await Record("account.cultureChanged", $"用户「{user.UserName}」将界面语言设为 {user.Culture ?? GrassrootsCultures.Chinese}");
        TempData["Success"] = T["界面语言已保存"].Value;
        return Redirect("/account");
    }

    [HttpPost("/account/2fa/enable")]
    public async Task<IActionResult> EnableTwoFactor(AccountSettingsViewModel model)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var code = (model.Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (code.Length == 0 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(model.Code), T["验证码错误，请确认手机时间准确后重试"]);
            return View("Index", await BuildAsync(user, model));
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        await signIn.RefreshSignInAsync(user);
        await Record("account.twoFactorEnabled", $"用户「{user.UserName}」开启了两步验证");
        TempData["Success"] = T["两步验证已开启"].Value;
        return Redirect("/account");
    }

    /// <summary>Switches two-factor sign-in off; asks for the current password (a wrong one counts towards the lockout).</summary>
    [HttpPost("/account/2fa/disable")]
    public async Task<IActionResult> DisableTwoFactor(AccountSettingsViewModel model)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (string.IsNullOrEmpty(model.DisablePassword))
        {
            ModelState.AddModelError(nameof(model.DisablePassword), T["请填写当前密码"]);
            return View("Index", await BuildAsync(user, model));
        }

        var check = await signIn.CheckPasswordSignInAsync(user, model.DisablePassword, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            await Record("account.twoFactorDisableRefused", $"用户「{user.UserName}」关闭两步验证时密码错误");
            if (check.IsLockedOut)
            {
                // The lockout changed the security stamp: this session is over.
                await signIn.SignOutAsync();
                return Redirect("/login");
            }

            ModelState.AddModelError(nameof(model.DisablePassword), T["当前密码错误"]);
            return View("Index", await BuildAsync(user, model));
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        await Record("account.twoFactorDisabled", $"用户「{user.UserName}」关闭了两步验证");
        TempData["Success"] = T["两步验证已关闭"].Value;
        return Redirect("/account");
    }

    private async Task<AccountSettingsViewModel> BuildAsync(GrassrootsUser user, AccountSettingsViewModel model, bool withAuthenticatorKey = true)
    {
        model.User = user;
        model.CurrentPassword = model.NewPassword = model.ConfirmPassword = model.DisablePassword = null;
        if (withAuthenticatorKey && !user.TwoFactorEnabled)
        {
            var key = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(key))
            {
                // Identity changes the security stamp with the key: renew this session's cookie, or the next request
                // would be refused as stale.
                await users.ResetAuthenticatorKeyAsync(user);
                await signIn.RefreshSignInAsync(user);
                key = await users.GetAuthenticatorKeyAsync(user);
            }

            model.SharedKey = FormatKey(key!);
            model.AuthenticatorUri = $"otpauth://totp/{Uri.EscapeDataString("Grassroots")}:{Uri.EscapeDataString(user.UserName ?? "")}?secret={key}&issuer=Grassroots&digits=6";
        }

        return model;
    }

    private static string FormatKey(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return sb.ToString().ToLowerInvariant().TrimEnd();
    }

    private Task Record(string action, string summary) => audit.RecordAsync(new AuditEvent
    {
        Category = AuditCategories.Security,
        Action = action,
        Summary = summary,
        Data = new JsonObject { ["userName"] = User.Identity?.Name },
    });
}
