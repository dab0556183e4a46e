using System.Text;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.Localization;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.Users.Controllers;

/// <summary>The 我的账号 page.</summary>
public sealed class AccountSettingsViewModel
{
    public GrassrootsUser User { get; set; } = null!;
    public string? SharedKey { get; set; }
    public string? AuthenticatorUri { get; set; }
    public string? CurrentPassword { get; set; }
    public string? NewPassword { get; set; }
    public string? ConfirmPassword { get; set; }
    public string? Code { get; set; }
}

/// <summary>Self-service for any signed-in user: password, language, two-factor sign-in.</summary>
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

    [HttpPost("/account/password")]
    public async Task<IActionResult> ChangePassword(AccountSettingsViewModel model)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

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

        if (ModelState.IsValid)
        {
            var result = await users.ChangePasswordAsync(user, model.CurrentPassword!, model.NewPassword!);
            if (result.Succeeded)
            {
                await signIn.RefreshSignInAsync(user);
                await Record("account.passwordChanged", $"用户「{user.UserName}」修改了密码");
                TempData["Success"] = T["密码已修改"].Value;
                return Redirect("/account");
            }

            foreach (var e in result.Errors)
            {
                ModelState.AddModelError(e.Code == "PasswordMismatch" ? nameof(model.CurrentPassword) : nameof(model.NewPassword), T[e.Description]);
            }
        }

        return View("Index", await BuildAsync(user, model));
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

    [HttpPost("/account/2fa/disable")]
    public async Task<IActionResult> DisableTwoFactor()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        await Record("account.twoFactorDisabled", $"用户「{user.UserName}」关闭了两步验证");
        TempData["Success"] = T["两步验证已关闭"].Value;
        return Redirect("/account");
    }

    private async Task<AccountSettingsViewModel> BuildAsync(GrassrootsUser user, AccountSettingsViewModel model)
    {
        model.User = user;
        model.CurrentPassword = model.NewPassword = model.ConfirmPassword = null;
        if (!user.TwoFactorEnabled)
        {
            var key = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(key))
            {
                await users.ResetAuthenticatorKeyAsync(user);
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
