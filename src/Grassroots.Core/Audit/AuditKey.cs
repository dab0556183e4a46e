using System.Security.Cryptography;
using System.Text;
using Grassroots.Security;
using Microsoft.Extensions.Configuration;

namespace Grassroots.Audit;

/// <summary>
/// The secret that keys the audit trail's signatures (HMAC-SHA256), kept outside the database so that someone who can
/// write to the database cannot rewrite the chain and sign it again. Taken from <c>AuditTrail:Key</c> (base64, at least
/// 32 bytes; what a cluster sets on every node) or else from the file <c>{DataPath}/keys/audit-hmac.key</c>, created
/// with 32 random bytes on first use and readable only by the site's account.
/// </summary>
internal sealed class AuditKey(ILocalKeys keys, IConfiguration configuration)
{
    public const string SettingName = "AuditTrail:Key";

    /// <summary>The signature of a text (lower-case hex, 64 characters).</summary>
    public string Sign(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(Key(), Encoding.UTF8.GetBytes(text)));

    /// <summary>Compares a stored signature with the signature of a text in constant time.</summary>
    public bool Verify(string text, string? signature)
        => signature is { Length: 64 }
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(text)), Encoding.ASCII.GetBytes(signature));

    private byte[] Key() => keys.Get("audit-hmac", configuration[SettingName], SettingName);
}
