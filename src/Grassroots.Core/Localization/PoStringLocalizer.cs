using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Grassroots.Localization;

/// <summary>
/// Localizes Chinese source strings for one context. The culture is read on every call
/// (<see cref="CultureInfo.CurrentUICulture"/>), so one instance serves every request.
/// </summary>
internal sealed class PoStringLocalizer(string? context, PoTranslationStore store) : IStringLocalizer
{
    public string? Context { get; } = context;

    public LocalizedString this[string name]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(name);
            var text = Translate(name, out var notFound);
            return new LocalizedString(name, text, notFound, Context);
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(name);
            var format = Translate(name, out var notFound);
            var text = arguments is { Length: > 0 } ? string.Format(CultureInfo.CurrentCulture, format, arguments) : format;
            return new LocalizedString(name, text, notFound, Context);
        }
    }

    /// <summary>
    /// The current UI culture's translations visible to this localizer: entries of its context, then entries
    /// without context (and of parent cultures when asked), one per source string. Empty for Chinese.
    /// </summary>
    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures)
    {
        var culture = CultureInfo.CurrentUICulture;
        if (SourceCulture.Is(culture))
        {
            yield break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var c = culture; c.Name.Length > 0; c = includeParentCultures ? c.Parent : CultureInfo.InvariantCulture)
        {
            var dictionary = store.Get(c.Name);
            var visible = dictionary.Entries
                .Where(e => e.Key.Context is null || (Context is not null && e.Key.Context == Context))
                .OrderBy(e => e.Key.Context is null ? 1 : 0);
            foreach (var (key, forms) in visible)
            {
                if (seen.Add(key.Id))
                {
                    yield return new LocalizedString(key.Id, forms[0], resourceNotFound: false, Context);
                }
            }
        }
    }

    private string Translate(string name, out bool notFound)
    {
        notFound = false;
        var culture = CultureInfo.CurrentUICulture;
        if (SourceCulture.Is(culture))
        {
            return name;
        }

        for (var c = culture; c.Name.Length > 0; c = c.Parent)
        {
            if (store.Get(c.Name).TryGet(Context, name, out var translation))
            {
                return translation;
            }
        }

        notFound = true;
        return name;
    }
}
