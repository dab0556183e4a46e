using System.Globalization;
using System.Text;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.Security;

/// <summary>
/// Masking of sensitive personal data (敏感信息脱敏) for users who may not see it in clear: identity numbers, phone
/// numbers, names.
/// </summary>
public static class SensitiveMask
{
    /// <summary>Kind name for <see cref="Mask"/> of a person's name (not a field kind).</summary>
    public const string Name = "Name";

    /// <summary><c>370725199001011234</c> → <c>370725********1234</c> (area code and last four kept).</summary>
    public static string MaskResidentId(string? value)
    {
        var id = (value ?? "").Trim();
        return id.Length switch
        {
            0 => "",
            >= 10 => string.Concat(id.AsSpan(0, 6), new string('*', id.Length - 10), id.AsSpan(id.Length - 4)),
            _ => Generic(id),
        };
    }

    /// <summary>
    /// Mobile <c>13812345678</c> → <c>138****5678</c>; landline <c>0536-1234567</c> → <c>0536-*****67</c> (area code and
    /// last two digits kept, an extension kept as is).
    /// </summary>
    public static string MaskPhone(string? value)
    {
        var phone = string.Concat((value ?? "").Where(c => !char.IsWhiteSpace(c)));
        if (phone.Length == 0)
        {
            return "";
        }

        var prefix = "";
        foreach (var p in new[] { "+86", "86" })
        {
            if (phone.StartsWith(p, StringComparison.Ordinal) && phone.Length == p.Length + 11)
            {
                prefix = p;
                phone = phone[p.Length..];
                break;
            }
        }

        if (phone.Length == 11 && phone[0] == '1' && phone.All(char.IsAsciiDigit))
        {
            return prefix + phone[..3] + "****" + phone[7..];
        }

        if (phone.StartsWith('0'))
        {
            var parts = phone.Split('-');
            string area, local, extension;
            if (parts.Length >= 2)
            {
                (area, local, extension) = (parts[0], parts[1], parts.Length > 2 ? "-" + string.Join('-', parts[2..]) : "");
            }
            else
            {
                // No hyphen: 010 and 02x are three-digit area codes, the rest four.
                var areaLength = phone.StartsWith("010", StringComparison.Ordinal) || phone.StartsWith("02", StringComparison.Ordinal) ? 3 : 4;
                if (phone.Length <= areaLength + 2)
                {
                    return Generic(phone);
                }

                (area, local, extension) = (phone[..areaLength], phone[areaLength..], "");
            }

            if (local.Length <= 2)
            {
                return Generic(phone);
            }

            return area + (parts.Length >= 2 ? "-" : "") + new string('*', local.Length - 2) + local[^2..] + extension;
        }

        return Generic(prefix + phone);
    }

    /// <summary><c>张三强</c> → <c>张*强</c>, <c>张三</c> → <c>张*</c>, <c>欧阳娜娜</c> → <c>欧**娜</c>.</summary>
    public static string MaskName(string? value)
    {
        var elements = TextElements((value ?? "").Trim());
        return elements.Count switch
        {
            0 => "",
            1 => "*",
            2 => elements[0] + "*",
            _ => elements[0] + new string('*', elements.Count - 2) + elements[^1],
        };
    }

    /// <summary>
    /// Masks by kind: <see cref="ContentFieldKinds.ResidentId"/>, <see cref="ContentFieldKinds.Phone"/>,
    /// <see cref="Name"/>; anything else keeps its first and last character (one- and two-character values as names: <c>*</c>, <c>王*</c>).
    /// </summary>
    public static string Mask(string? kind, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return kind switch
        {
            _ when string.Equals(kind, ContentFieldKinds.ResidentId, StringComparison.OrdinalIgnoreCase) => MaskResidentId(value),
            _ when string.Equals(kind, ContentFieldKinds.Phone, StringComparison.OrdinalIgnoreCase) => MaskPhone(value),
            _ when string.Equals(kind, Name, StringComparison.OrdinalIgnoreCase) => MaskName(value),
            _ => Generic(value),
        };
    }

    private static string Generic(string value)
    {
        var elements = TextElements(value);
        if (elements.Count <= 2)
        {
            // A two-character value is most often a name (王强 → 王*), masked the way names are.
            return MaskName(value);
        }

        var builder = new StringBuilder(elements[0]);
        builder.Append('*', elements.Count - 2);
        builder.Append(elements[^1]);
        return builder.ToString();
    }

    private static List<string> TextElements(string value)
    {
        var list = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(value);
        while (enumerator.MoveNext())
        {
            list.Add(enumerator.GetTextElement());
        }

        return list;
    }
}
