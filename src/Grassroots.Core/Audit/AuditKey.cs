using System.Security.Cryptography;
using System.Text;
using Grassroots.Hosting;
using Microsoft.Extensions.Configuration;

namespace Grassroots.Audit;

/// <summary>
/// The secret that keys the audit trail's signatures (HMAC-SHA256), kept outside the database so that someone who can
/// write to the database cannot rewrite the chain and sign it again. Taken from <c>AuditTrail:Key</c> (base64, at least
/// 32 bytes; what a cluster sets on every node) or else from the file <c>{DataPath}/keys/audit-hmac.key</c>, created
/// with 32 random bytes on first use and readable only by the site's account.
/// </summary>
internal sealed class AuditKey(IGrassrootsEnvironment environment, IConfiguration configuration)
{
    public const string SettingName = "AuditTrail:Key";
    private readonly Lock _gate = new();
    private byte[]? _key;

    /// <summary>Where the generated key is kept when <c>AuditTrail:Key</c> is not set.</summary>
    public string FilePath => Path.Combine(environment.DataPath, "keys", "audit-hmac.key");

    /// <summary>The signature of a text (lower-case hex, 64 characters).</summary>
    public string Sign(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(Key(), Encoding.UTF8.GetBytes(text)));

    /// <summary>Compares a stored signature with the signature of a text in constant time.</summary>
    public bool Verify(string text, string? signature)
        => signature is { Length: 64 }
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(text)), Encoding.ASCII.GetBytes(signature));

    private byte[] Key()
    {
        if (_key is not null)
        {
            return _key;
        }

        lock (_gate)
        {
            return _key ??= Load();
        }
    }

    private byte[] Load()
    {
        if (configuration[SettingName] is { Length: > 0 } configured)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(configured.Trim());
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"配置 {SettingName} 必须是 Base64 编码的密钥（至少 32 字节）。");
            }

            return bytes.Length >= 32 ? bytes : throw new InvalidOperationException($"配置 {SettingName} 的密钥太短：至少需要 32 字节。");
        }

        var path = FilePath;
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(path, options);
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
            stream.Flush(flushToDisk: true);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process of this node created it first.
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }
}
