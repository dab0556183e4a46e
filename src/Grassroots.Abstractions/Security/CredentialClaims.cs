namespace Grassroots.Security;

/// <summary>Claims the sign-in cookie and the API token carry so that every request can be checked against the user's current state.</summary>
public static class CredentialClaims
{
    /// <summary>A hash of the user's security stamp when the credential was issued (never the stamp itself).</summary>
    public const string StampHash = "grassroots:stamp";

    /// <summary>Present (value "true") while the user must change a password someone else set.</summary>
    public const string MustChangePassword = "grassroots:must-change-password";
}
