using System.Reflection;

namespace Grassroots.Localization;

/// <summary>Where the PO translations come from.</summary>
public sealed class PoLocalizationOptions
{
    /// <summary>
    /// Module and theme assemblies scanned for embedded resources whose name ends with
    /// <c>Localization.{culture}.po</c> (for example <c>Localization/en.po</c> embedded in a module).
    /// Default: empty, which means every loaded assembly whose name starts with <c>Grassroots</c>.
    /// </summary>
    public List<Assembly> Assemblies { get; } = [];

    /// <summary>
    /// The site's content root; <c>{ContentRootPath}/Localization/{culture}.po</c> is read when present and wins
    /// over module translations. Default: <see langword="null"/>, which
    /// <see cref="LocalizationServiceCollectionExtensions.AddGrassrootsLocalization"/> fills with the host's content root.
    /// </summary>
    public string? ContentRootPath { get; set; }
}
