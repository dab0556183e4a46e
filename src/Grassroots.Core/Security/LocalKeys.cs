using System.Collections.Concurrent;
using System.Security.Cryptography;
using Grassroots.Hosting;

namespace Grassroots.Security;

/// <summary><see cref="ILocalKeys"/> on the node's data path.</summary>
internal sealed class LocalKeys(IGrassrootsEnvironment environment) : ILocalKeys
{
    private const int MinimumBytes = 32;
    private readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    public byte[] Get(string name, string? configured, string settingName)
        => _keys.GetOrAdd(name, _ => Load(name, configured, settingName));

    private byte[] Load(string name, string? configured, string settingName)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(configured.Trim());
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"配置 {settingName} 必须是 Base64 编码的密钥（至少 {MinimumBytes} 字节）。");
            }

            return bytes.Length >= MinimumBytes ? bytes : throw new InvalidOperationException($"配置 {settingName} 的密钥太短：至少需要 {MinimumBytes} 字节。");
        }

        var folder = Path.Combine(environment.DataPath, "keys");
        var file = Path.Combine(folder, name + ".key");
        if (!File.Exists(file))
        {
            // Written aside, then moved into place without overwriting: another process may have made one meanwhile.
            Directory.CreateDirectory(folder);
            var temporary = file + "." + Guid.NewGuid().ToString("N");
            File.WriteAllText(temporary, Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumBytes)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                File.Move(temporary, file, overwrite: false);
            }
            catch (IOException) when (File.Exists(file))
            {
                File.Delete(temporary);
            }
        }

        try
        {
            var key = Convert.FromBase64String(File.ReadAllText(file).Trim());
            return key.Length >= MinimumBytes ? key : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"密钥文件 {file} 已损坏；请从备份恢复，或设置 {settingName}。");
        }
    }
}
