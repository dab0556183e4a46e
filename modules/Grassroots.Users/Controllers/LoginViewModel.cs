namespace Grassroots.Users.Controllers;

/// <summary>The login form.</summary>
public sealed class LoginViewModel
{
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public bool RememberMe { get; set; }
}

/// <summary>The second step of the login form: the authenticator code.</summary>
public sealed class TwoFactorViewModel
{
    public string? Code { get; set; }

    public bool RememberMe { get; set; }
}
