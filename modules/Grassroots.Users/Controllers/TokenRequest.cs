namespace Grassroots.Users.Controllers;

/// <summary>Body of <c>POST /api/auth/token</c>.</summary>
public sealed record TokenRequest(string? UserName, string? Password);
