using System.Globalization;
using System.Text;

namespace Grassroots.Localization;

/// <summary>Collects the fields of the PO entry being read.</summary>
internal sealed class PoEntryBuilder
{
    private StringBuilder? _context;
    private StringBuilder? _id;
    private StringBuilder? _idPlural;
    private readonly SortedDictionary<int, StringBuilder> _translations = [];

    public bool IsFuzzy { get; set; }

    public bool HasTranslation => _translations.Count > 0;

    /// <summary>Returns the buffer a keyword writes into, or <see langword="null"/> for an unknown keyword.</summary>
    public StringBuilder? Field(ReadOnlySpan<char> keyword)
    {
        switch (keyword)
        {
            case "msgctxt": return _context = new StringBuilder();
            case "msgid": return _id = new StringBuilder();
            case "msgid_plural": return _idPlural = new StringBuilder();
            case "msgstr": return _translations[0] = new StringBuilder();
        }

        if (keyword.StartsWith("msgstr[") && keyword[^1] == ']'
            && int.TryParse(keyword[7..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return _translations[index] = new StringBuilder();
        }

        return null;
    }

    public void FlushInto(List<PoEntry> entries)
    {
        if (_id is { Length: > 0 } && _translations.Count > 0)
        {
            var translations = new string[_translations.Keys.Max() + 1];
            for (var i = 0; i < translations.Length; i++)
            {
                translations[i] = _translations.TryGetValue(i, out var text) ? text.ToString() : string.Empty;
            }

            var context = _context is { Length: > 0 } ? _context.ToString() : null;
            entries.Add(new PoEntry(context, _id.ToString(), _idPlural?.ToString(), translations, IsFuzzy));
        }

        _context = null;
        _id = null;
        _idPlural = null;
        _translations.Clear();
        IsFuzzy = false;
    }
}
