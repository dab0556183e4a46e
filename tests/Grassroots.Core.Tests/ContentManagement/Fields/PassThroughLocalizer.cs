using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Grassroots.Core.Tests.ContentManagement.Fields;

/// <summary>Returns the source string, formatted with the arguments.</summary>
internal sealed class PassThroughLocalizer : IStringLocalizer
{
    public LocalizedString this[string name] => new(name, name);

    public LocalizedString this[string name, params object[] arguments]
        => new(name, string.Format(CultureInfo.InvariantCulture, name, arguments));

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
}
