using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
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
    IStringLocalizer<TokenApiController> T) : ControllerBase
{
    /// <summary>Exchanges a user name and password for a JWT (valid one hour).</summary>
    [HttpPost("token")]
    [AllowAnonymous]
    [IgnoreAntiforgeryToken]
    [ProducesResponseType<TokenResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    public async Task<IActionResult> CreateToken([FromBody] TokenRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password))
        {
            return Problem(title: T["请填写用户名和密码"], statusCode: StatusCodes.Status400BadRequest);
        }

        var user = await users.FindByNameAsync(request.UserName.Trim());
        if (user is null || user.IsDisabled)
        {
            return Problem(title: T["用户名或密码错误"], statusCode: StatusCodes.Status401Unauthorized);
        }

        var result = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return Problem(title: T["账号已被锁定，请 15 分钟后再试"], statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!result.Succeeded)
        {
            return Problem(title: T["用户名或密码错误"], statusCode: StatusCodes.Status401Unauthorized);
        }

        var token = await tokens.CreateTokenAsync(user, cancellationToken);
        return Ok(new TokenResponse(token.Token, "Bearer", token.ExpiresInSeconds));
    }
}
