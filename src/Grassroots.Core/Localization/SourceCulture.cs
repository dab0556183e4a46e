using System.Globalization;

namespace Grassroots.Localization;

/// <summary>
/// The culture the source strings are written in: Simplified Chinese (<c>zh</c>, <c>zh-Hans</c>, <c>zh-CN</c> and
/// every culture under <c>zh-Hans</c>, such as <c>zh-SG</c>). For these the source string is the text.
/// </summary>
internal static class SourceCulture
{
    public static bool Is(CultureInfo culture)
    {
        if (culture.Name is "zh" or "zh-CN")
        {
            return true;
        }

        for (var c = culture; c.Name.Length > 0; c = c.Parent)
        {
            if (c.Name == "zh-Hans")
            {
                return true;
            }
        }

        return false;
    }
}
