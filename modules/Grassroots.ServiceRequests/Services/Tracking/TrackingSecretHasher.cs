using System.Security.Cryptography;
using System.Text;
using Grassroots.Security;
using Grassroots.ServiceRequests.Models;
using Microsoft.Extensions.Options;

namespace Grassroots.ServiceRequests.Services.Tracking;

/// <summary>
/// Makes and hashes tracking secrets (查询密码): 12 characters of Crockford base32 from a CSPRNG (60 random bits), shown in
/// groups of four ("7KQM-3XHP-9RTW"); typed in any case, with or without blanks and dashes, O read as 0 and I/L as 1.
/// The hash is HMAC-SHA256 under a key kept outside the database (<see cref="ServiceTrackingOptions.HashKey"/>, else a key
/// file under the data path), so a copy of the database neither shows the secrets nor lets anyone test guesses offline.
/// </summary>
public sealed class TrackingSecretHasher(IOptions<ServiceTrackingOptions> options, ILocalKeys keys)
{
    /// <summary>Characters of a secret (without the dashes).</summary>
    public const int Length = 12;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private readonly Lazy<byte[]> _key = new(() => keys.Get("service-tracking", options.Value.HashKey, "ServiceRequests:Tracking:HashKey"));

    /// <summary>A new secret, grouped for reading aloud: XXXX-XXXX-XXXX.</summary>
    public static string NewSecret()
    {
        var chars = RandomNumberGenerator.GetItems<char>(Alphabet, Length);
        return string.Join('-', new string(chars, 0, 4), new string(chars, 4, 4), new string(chars, 8, 4));
    }

    /// <summary>A new secret for request <paramref name="contentItemId"/> and the row that keeps its hash.</summary>
    public (ServiceRequestTracking Row, string Secret) Issue(string contentItemId, DateTime nowUtc)
    {
        var secret = NewSecret();
        return (new ServiceRequestTracking { ContentItemId = contentItemId, SecretHash = Hash(secret)!, IssuedUtc = nowUtc }, secret);
    }

    /// <summary>The 12 canonical characters of what someone typed, or null when it cannot be a secret.</summary>
    public static string? Normalize(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 40)
        {
            return null;
        }

        var builder = new StringBuilder(Length);
        foreach (var c in typed.ToUpperInvariant())
        {
            var mapped = c switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                '-' or ' ' or '\u3000' or '\t' => '\0',
                _ => c,
            };
            if (mapped == '\0')
            {
                continue;
            }

            if (!Alphabet.Contains(mapped, StringComparison.Ordinal))
            {
                return null;
            }

            builder.Append(mapped);
        }

        return builder.Length == Length ? builder.ToString() : null;
    }

    /// <summary>The stored form of a secret (any typing of it), or null when it cannot be a secret.</summary>
    public string? Hash(string? typed)
        => Normalize(typed) is { } canonical
            ? Convert.ToHexStringLower(HMACSHA256.HashData(_key.Value, Encoding.ASCII.GetBytes(canonical)))
            : null;

    /// <summary>Whether <paramref name="typed"/> is the secret whose hash is <paramref name="storedHash"/> (constant time).</summary>
    public bool Matches(string? typed, string storedHash)
        => Hash(typed) is { } hash
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(storedHash));
}
