namespace Grassroots.Localization;

/// <summary>All translations of one culture, merged from every PO source; later sources win.</summary>
internal sealed class CultureDictionary(string cultureName)
{
    private readonly Dictionary<PoKey, IReadOnlyList<string>> _translations = [];

    public string CultureName { get; } = cultureName;

    public int Count => _translations.Count;

    public IEnumerable<KeyValuePair<PoKey, IReadOnlyList<string>>> Entries => _translations;

    /// <summary>Adds the usable entries: fuzzy and untranslated ones are skipped, as gettext does.</summary>
    public void Merge(IEnumerable<PoEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (entry.IsFuzzy || entry.Translations.Count == 0 || entry.Translations[0].Length == 0)
            {
                continue;
            }

            _translations[new PoKey(entry.Context, entry.Id)] = entry.Translations;
        }
    }

    /// <summary>Looks up <paramref name="id"/> in <paramref name="context"/> first, then among entries without context.</summary>
    public bool TryGet(string? context, string id, out string translation)
    {
        if ((context is not null && _translations.TryGetValue(new PoKey(context, id), out var forms))
            || _translations.TryGetValue(new PoKey(null, id), out forms))
        {
            translation = forms[0];
            return true;
        }

        translation = string.Empty;
        return false;
    }
}
