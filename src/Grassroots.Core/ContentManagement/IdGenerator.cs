using System.Security.Cryptography;

namespace Grassroots.ContentManagement;

/// <summary>26-character ids: a time prefix (so ids sort by creation) and random bits, in lower-case Crockford base32.</summary>
public static class IdGenerator
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string NewId(TimeProvider? clock = null)
    {
        var ms = (ulong)(clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        Span<char> chars = stackalloc char[26];
        for (var i = 9; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(ms & 31)];
            ms >>= 5;
        }

        ulong bits = 0;
        var bitCount = 0;
        var pos = 10;
        foreach (var b in random)
        {
            bits = (bits << 8) | b;
            bitCount += 8;
            while (bitCount >= 5 && pos < 26)
            {
                bitCount -= 5;
                chars[pos++] = Alphabet[(int)((bits >> bitCount) & 31)];
            }
        }

        return new string(chars);
    }
}
