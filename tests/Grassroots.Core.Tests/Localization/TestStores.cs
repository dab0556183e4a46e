using System.Reflection;
using Grassroots.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Grassroots.Core.Tests.Localization;

internal static class TestStores
{
    /// <summary>A store reading only the PO file embedded in this test assembly (and an optional content root).</summary>
    public static PoTranslationStore Embedded(string? contentRoot = null) =>
        Create([typeof(TestStores).Assembly], contentRoot);

    public static PoTranslationStore Create(IEnumerable<Assembly> assemblies, string? contentRoot)
    {
        var options = new PoLocalizationOptions { ContentRootPath = contentRoot };
        options.Assemblies.AddRange(assemblies);
        return new PoTranslationStore(Options.Create(options), NullLogger<PoTranslationStore>.Instance);
    }

    public static PoStringLocalizerFactory Factory(string? contentRoot = null) => new(Embedded(contentRoot));
}
