using System.Collections.Concurrent;
using Microsoft.Extensions.Localization;

namespace Grassroots.Localization;

/// <summary>
/// Creates <see cref="PoStringLocalizer"/>s. The context of <c>IStringLocalizer&lt;T&gt;</c> is
/// <c>typeof(T).FullName</c>. For Razor views (<c>IViewLocalizer</c>, which calls <see cref="Create(string, string)"/>
/// with the application name as location and <c>{ApplicationName}.{view path with dots, no extension}</c> as base
/// name) the context is the view path without extension, dotted, without the application name and the
/// <c>Areas.</c> prefix: <c>/Areas/Grassroots.Grids/Views/Admin/Index.cshtml</c> → <c>Grassroots.Grids.Views.Admin.Index</c>,
/// <c>/Views/Home/Index.cshtml</c> → <c>Views.Home.Index</c>. Entries without <c>msgctxt</c> apply everywhere.
/// </summary>
internal sealed class PoStringLocalizerFactory(PoTranslationStore store) : IStringLocalizerFactory
{
    private readonly ConcurrentDictionary<string, PoStringLocalizer> _localizers = new(StringComparer.Ordinal);

    public IStringLocalizer Create(Type resourceSource)
    {
        ArgumentNullException.ThrowIfNull(resourceSource);
        return Get(resourceSource.FullName ?? resourceSource.Name);
    }

    public IStringLocalizer Create(string baseName, string location)
    {
        ArgumentNullException.ThrowIfNull(baseName);
        return Get(ContextFor(baseName, location));
    }

    internal static string ContextFor(string baseName, string? location)
    {
        var name = baseName.AsSpan();
        if (!string.IsNullOrEmpty(location) && name.StartsWith(location, StringComparison.Ordinal)
            && name.Length > location.Length && name[location.Length] == '.')
        {
            name = name[(location.Length + 1)..];
        }

        if (name.StartsWith("Areas."))
        {
            name = name["Areas.".Length..];
        }

        return name.ToString();
    }

    private PoStringLocalizer Get(string context) =>
        _localizers.GetOrAdd(context, c => new PoStringLocalizer(c, store));
}
