namespace Grassroots.Localization;

/// <summary>A translation's key: the context (type full name or view path, or none) and the Chinese source string.</summary>
internal readonly record struct PoKey(string? Context, string Id);
