namespace Grassroots.Localization;

/// <summary>
/// One translation unit of a gettext PO file: an optional context (<c>msgctxt</c>), the source string
/// (<c>msgid</c>, Chinese in this project), the optional plural source (<c>msgid_plural</c>) and the
/// translations (<c>msgstr</c>, or <c>msgstr[0]</c>, <c>msgstr[1]</c>, … for plural forms).
/// </summary>
internal sealed record PoEntry(string? Context, string Id, string? IdPlural, IReadOnlyList<string> Translations, bool IsFuzzy);
