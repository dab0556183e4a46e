namespace Grassroots.Security;

/// <summary>
/// Secret keys kept outside the database (so a copy of the database cannot forge or test what they sign): a configured
/// base64 value when an operator sets one (what a cluster does, the same on every node), else a file
/// <c>{DataPath}/keys/{name}.key</c> made with 32 random bytes on first use and readable only by the site's account.
/// </summary>
public interface ILocalKeys
{
    /// <summary>The key called <paramref name="name"/>; <paramref name="configured"/> (base64, ≥ 32 bytes) wins when set.</summary>
    /// <param name="name">File name without extension, e.g. <c>audit-hmac</c>.</param>
    /// <param name="configured">The configured value, if any.</param>
    /// <param name="settingName">The setting's name, for the message when the configured value is wrong.</param>
    byte[] Get(string name, string? configured, string settingName);
}
