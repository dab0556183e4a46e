using System.Text;

namespace Grassroots.Localization;

/// <summary>Reads the quoted, C-escaped string literals of a PO file.</summary>
internal static class PoString
{
    /// <summary>
    /// Returns the unescaped content between the first and the last double quote of <paramref name="text"/>,
    /// or <see langword="null"/> when the text is not a quoted literal.
    /// </summary>
    public static string? Unquote(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
        {
            return null;
        }

        return Unescape(text[1..^1]);
    }

    public static string Unescape(ReadOnlySpan<char> text)
    {
        if (text.IndexOf('\\') < 0)
        {
            return text.ToString();
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i == text.Length - 1)
            {
                builder.Append(c);
                continue;
            }

            var next = text[++i];
            switch (next)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '\'': builder.Append('\''); break;
                case '?': builder.Append('?'); break;
                case 'a': builder.Append('\a'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'v': builder.Append('\v'); break;
                default:
                    // Unknown escape: keep it as written rather than lose characters.
                    builder.Append('\\').Append(next);
                    break;
            }
        }

        return builder.ToString();
    }
}
