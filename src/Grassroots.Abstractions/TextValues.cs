namespace Grassroots;

/// <summary>Small helpers for text that users type into forms, query strings and API bodies.</summary>
public static class TextValues
{
    /// <summary>
    /// The text without leading and trailing white space, or <see langword="null"/> when nothing is left: an empty or
    /// blank optional input means "not given".
    /// </summary>
    public static string? TrimToNull(this string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
