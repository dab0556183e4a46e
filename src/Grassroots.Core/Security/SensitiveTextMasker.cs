using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Grassroots.Security;

/// <summary>
/// Replaces known sensitive values (longest first) and anything shaped like a resident ID or a mainland mobile number by
/// their masked forms. Values shorter than two characters are not replaced (they would mangle unrelated text).
/// </summary>
internal sealed partial class SensitiveTextMasker : ISensitiveTextMasker
{
    /// <summary>Passes everything through (the user may see the values).</summary>
    public static readonly SensitiveTextMasker None = new([], patterns: false);

    private readonly List<KeyValuePair<string, string>> _values;
    private readonly bool _patterns;

    public SensitiveTextMasker(IEnumerable<KeyValuePair<string, string>> values, bool patterns)
    {
        _values = [.. values
            .Where(v => v.Key.Trim().Length >= 2 && v.Key != v.Value)
            .DistinctBy(v => v.Key, StringComparer.Ordinal)
            .OrderByDescending(v => v.Key.Length)];
        _patterns = patterns;
    }

    public bool Masks => _patterns || _values.Count > 0;

    public string? Mask(string? text)
    {
        if (string.IsNullOrEmpty(text) || !Masks)
        {
            return text;
        }

        foreach (var (clear, masked) in _values)
        {
            text = text.Replace(clear, masked, StringComparison.Ordinal);
        }

        if (_patterns)
        {
            text = ResidentIdPattern().Replace(text, m => SensitiveMask.MaskResidentId(m.Value));
            text = MobilePattern().Replace(text, m => SensitiveMask.MaskPhone(m.Value));
        }

        return text;
    }

    public JsonNode? Mask(JsonNode? node)
    {
        if (!Masks)
        {
            return node?.DeepClone();
        }

        return node switch
        {
            null => null,
            JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Mask(p.Value)))),
            JsonArray a => new JsonArray([.. a.Select(Mask)]),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(Mask(v.GetValue<string>())),
            // A phone or ID number sent as a JSON number is still a phone or ID number.
            JsonValue v when v.GetValueKind() == JsonValueKind.Number && Mask(v.ToJsonString()) is { } text && text != v.ToJsonString()
                => JsonValue.Create(text),
            _ => node.DeepClone(),
        };
    }

    /// <summary>18-character resident ID numbers not inside a longer run of letters or digits.</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z])[1-9]\d{16}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex ResidentIdPattern();

    /// <summary>Mainland mobile numbers (with an optional +86/86 prefix) not inside a longer run of letters or digits.</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z+])(?:\+?86)?1[3-9]\d{9}(?![0-9A-Za-z])")]
    private static partial Regex MobilePattern();
}
