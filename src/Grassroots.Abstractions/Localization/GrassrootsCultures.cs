namespace Grassroots.Localization;

/// <summary>The cultures the platform speaks: Chinese first (source strings), English as a PO translation.</summary>
public static class GrassrootsCultures
{
    /// <summary>The default and source culture (简体中文).</summary>
    public const string Chinese = "zh-CN";

    /// <summary>The second culture, translated in <c>Localization.en.po</c> files.</summary>
    public const string English = "en";

    /// <summary>The query string key that picks a culture for one request: <c>?culture=en</c>.</summary>
    public const string QueryStringKey = "culture";

    /// <summary>The user claim holding a signed-in user's preferred culture.</summary>
    public const string ClaimType = "grassroots:culture";

    /// <summary>Supported cultures, default first.</summary>
    public static IReadOnlyList<string> Supported { get; } = [Chinese, English];

    /// <summary>Whether <paramref name="culture"/> is one of <see cref="Supported"/> (ignoring case).</summary>
    public static bool IsSupported(string? culture) =>
        culture is not null && Supported.Contains(culture, StringComparer.OrdinalIgnoreCase);
}
