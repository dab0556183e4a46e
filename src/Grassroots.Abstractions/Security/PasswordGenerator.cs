using System.Security.Cryptography;

namespace Grassroots.Security;

/// <summary>
/// Random passwords shown once to a person (the setup's administrator, a new or reset user): upper and lower case
/// letters, digits and at least one symbol, without look-alikes (no I, l, O, 0, 1), from a cryptographic generator.
/// Every class is present, so the result meets the sign-in password rules whatever its length (at least four).
/// </summary>
public static class PasswordGenerator
{
    /// <summary>Upper case letters without I and O.</summary>
    public const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>Lower case letters without l and o.</summary>
    public const string Lower = "abcdefghijkmnpqrstuvwxyz";

    /// <summary>Digits without 0 and 1.</summary>
    public const string Digits = "23456789";

    /// <summary>Symbols that are easy to read out and type, and harmless in a shell or a URL.</summary>
    public const string Symbols = "-_.!#";

    /// <summary>The length of a user's generated password (sixteen).</summary>
    public const int DefaultLength = 16;

    /// <summary>A password of <paramref name="length"/> characters: one of each class, the rest letters and digits, shuffled.</summary>
    public static string Generate(int length = DefaultLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 4);
        var chars = new char[length];
        chars[0] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[1] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        chars[3] = Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)];
        RandomNumberGenerator.GetItems<char>(Upper + Lower + Digits, chars.AsSpan(4));
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
