using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Grassroots.ContentManagement.Fields;

/// <summary>
/// Reading submitted values: the API sends typed JSON, a form sends text; both arrive here as a <see cref="JsonNode"/>.
/// </summary>
internal static class FieldValues
{
    /// <summary>Largest text put in the field index.</summary>
    public const int MaxIndexLength = 1000;

    /// <summary>The value as text: a JSON string as is, a number or boolean as its JSON text; null for anything else.</summary>
    public static string? AsString(JsonNode? value)
    {
        if (value is not JsonValue jsonValue)
        {
            return null;
        }

        return jsonValue.GetValueKind() switch
        {
            JsonValueKind.String => jsonValue.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => jsonValue.ToJsonString(),
            _ => null,
        };
    }

    /// <summary>True for null, JSON null, a blank string, an empty array or an empty object.</summary>
    public static bool IsBlank(JsonNode? value) => value switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonObject obj => obj.Count == 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => string.IsNullOrWhiteSpace(v.GetValue<string>()),
        _ => false,
    };

    /// <summary>
    /// Several values: a JSON array of strings (or numbers), a string holding a JSON array, or a string with values
    /// separated by commas or new lines (as a form posts them). Blank entries are dropped, duplicates kept once.
    /// Null when the shape is not understood.
    /// </summary>
    public static List<string>? AsStrings(JsonNode? value)
    {
        var result = new List<string>();
        if (IsBlank(value))
        {
            return result;
        }

        if (value is JsonArray array)
        {
            foreach (var entry in array)
            {
                if (IsBlank(entry))
                {
                    continue;
                }

                var text = AsString(entry);
                if (text is null)
                {
                    return null;
                }

                Add(result, text);
            }

            return result;
        }

        var single = AsString(value);
        if (single is null)
        {
            return null;
        }

        single = single.Trim();
        if (single.StartsWith('['))
        {
            try
            {
                return JsonNode.Parse(single) is JsonArray parsed ? AsStrings(parsed) : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        foreach (var part in single.Split([',', '，', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Add(result, part);
        }

        return result;

        static void Add(List<string> list, string text)
        {
            text = text.Trim();
            if (text.Length > 0 && !list.Contains(text, StringComparer.Ordinal))
            {
                list.Add(text);
            }
        }
    }

    /// <summary>Number of characters as a reader counts them (surrogate pairs count once).</summary>
    public static int CountCharacters(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>Full-width digits, letters and punctuation (as Chinese input methods type them) to ASCII.</summary>
    public static string ToHalfWidth(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\u3000' => ' ',
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                _ => c,
            });
        }

        return builder.ToString();
    }

    /// <summary>Text for the field index: at most <see cref="MaxIndexLength"/> characters.</summary>
    public static string? Truncate(string? text)
        => text is null || text.Length <= MaxIndexLength ? text : text[..MaxIndexLength];

    /// <summary>The value as an array of strings when stored as one, or a one-element list for a single string.</summary>
    public static List<string> StoredStrings(JsonNode? value) => value switch
    {
        JsonArray array => [.. array.Select(AsString).Where(s => !string.IsNullOrEmpty(s)).Select(s => s!)],
        _ => AsString(value) is { Length: > 0 } text ? [text] : [],
    };

    /// <summary>A decimal from JSON or form text (invariant culture, thousands separators allowed).</summary>
    public static bool TryReadDecimal(JsonNode? value, out decimal number)
    {
        number = 0;
        if (value is not JsonValue jsonValue)
        {
            return false;
        }

        var kind = jsonValue.GetValueKind();
        if (kind == JsonValueKind.Number)
        {
            return decimal.TryParse(jsonValue.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
        }

        if (kind != JsonValueKind.String)
        {
            return false;
        }

        var text = ToHalfWidth(jsonValue.GetValue<string>()).Trim();
        return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out number)
            || decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>Whether <paramref name="text"/> matches the whole pattern; null when the pattern itself is invalid.</summary>
    public static bool? MatchesPattern(string text, string pattern)
    {
        try
        {
            return Regex.IsMatch(text, $"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
