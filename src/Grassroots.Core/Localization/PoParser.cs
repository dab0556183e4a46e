using System.Text;

namespace Grassroots.Localization;

/// <summary>
/// Parses gettext PO files: <c>msgctxt</c>, <c>msgid</c>, <c>msgid_plural</c>, <c>msgstr</c> and <c>msgstr[n]</c>,
/// strings continued over several <c>"…"</c> lines, C escapes, and comments. The header entry (empty
/// <c>msgid</c>) is skipped; entries flagged <c>#, fuzzy</c> are returned with <see cref="PoEntry.IsFuzzy"/> set.
/// Malformed lines are ignored, as gettext tools do when reading leniently.
/// </summary>
internal sealed class PoParser
{
    public static IReadOnlyList<PoEntry> Parse(string text)
    {
        using var reader = new StringReader(text);
        return Parse(reader);
    }

    public static IReadOnlyList<PoEntry> Parse(TextReader reader)
    {
        var entries = new List<PoEntry>();
        var entry = new PoEntryBuilder();
        StringBuilder? current = null;

        while (reader.ReadLine() is { } rawLine)
        {
            var line = rawLine.AsSpan().Trim();
            if (line.IsEmpty)
            {
                entry.FlushInto(entries);
                current = null;
                continue;
            }

            if (line[0] == '#')
            {
                // A comment after a translation starts the next entry.
                if (entry.HasTranslation)
                {
                    entry.FlushInto(entries);
                }

                if (line.StartsWith("#,") && line[2..].ToString().Split(',').Any(f => f.Trim() == "fuzzy"))
                {
                    entry.IsFuzzy = true;
                }

                current = null;
                continue;
            }

            if (line[0] == '"')
            {
                current?.Append(PoString.Unquote(line));
                continue;
            }

            var space = line.IndexOfAny(' ', '\t');
            if (space < 0)
            {
                current = null;
                continue;
            }

            var keyword = line[..space];
            var value = PoString.Unquote(line[space..]);
            if (value is null)
            {
                current = null;
                continue;
            }

            if ((keyword.SequenceEqual("msgctxt") || keyword.SequenceEqual("msgid")) && entry.HasTranslation)
            {
                entry.FlushInto(entries);
            }

            current = entry.Field(keyword);
            current?.Append(value);
        }

        entry.FlushInto(entries);
        return entries;
    }
}
