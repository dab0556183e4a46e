namespace Grassroots.Users.Controllers;

/// <summary>Body of <c>POST /api/auth/token</c>; <c>code</c> is the 6-digit authenticator code when two-factor sign-in is on.</summary>
public sealed record TokenRequest(string? UserName, string? Password, string? Code = null);
