using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Localization;

/// <summary>
/// Loads and caches one <see cref="CultureDictionary"/> per culture: embedded <c>*Localization.{culture}.po</c>
/// resources of the configured assemblies (in assembly and resource name order), then
/// <c>{ContentRoot}/Localization/{culture}.po</c>, which therefore overrides the modules.
/// </summary>
internal sealed partial class PoTranslationStore(IOptions<PoLocalizationOptions> options, ILogger<PoTranslationStore> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<CultureDictionary>> _cultures = new(StringComparer.OrdinalIgnoreCase);

    public CultureDictionary Get(string cultureName) =>
        _cultures.GetOrAdd(cultureName, name => new Lazy<CultureDictionary>(() => Load(name))).Value;

    private CultureDictionary Load(string cultureName)
    {
        var dictionary = new CultureDictionary(cultureName);
        var suffix = $"Localization.{cultureName}.po";
        var sources = 0;

        foreach (var assembly in Assemblies().OrderBy(a => a.GetName().Name, StringComparer.Ordinal))
        {
            var names = assembly.GetManifestResourceNames()
                .Where(n => n.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                using var stream = assembly.GetManifestResourceStream(name);
                if (stream is null)
                {
                    continue;
                }

                using var reader = new StreamReader(stream);
                dictionary.Merge(PoParser.Parse(reader));
                sources++;
            }
        }

        if (options.Value.ContentRootPath is { Length: > 0 } root)
        {
            var path = Path.Combine(root, "Localization", cultureName + ".po");
            if (File.Exists(path))
            {
                using var reader = new StreamReader(path);
                dictionary.Merge(PoParser.Parse(reader));
                sources++;
            }
        }

        LogLoaded(logger, cultureName, dictionary.Count, sources);
        return dictionary;
    }

    private IEnumerable<Assembly> Assemblies()
    {
        var configured = options.Value.Assemblies;
        if (configured.Count > 0)
        {
            return configured.Distinct();
        }

        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && a.GetName().Name?.StartsWith("Grassroots", StringComparison.Ordinal) == true);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Loaded {Count} PO translations for culture '{Culture}' from {Sources} file(s).")]
    private static partial void LogLoaded(ILogger logger, string culture, int count, int sources);
}
