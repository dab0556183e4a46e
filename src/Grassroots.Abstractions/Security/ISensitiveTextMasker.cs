using System.Text.Json.Nodes;

namespace Grassroots.Security;

/// <summary>
/// Masks sensitive values wherever they appear inside free text and JSON that is not a content item (workflow input,
/// variables and history, task titles): the values of the correlated item's sensitive fields, its display text when
/// its type masks it, and anything shaped like a resident ID or mobile number. Made for one user and one item by
/// <see cref="ISensitiveDataService.CreateTextMaskerAsync"/>; it passes everything through when the user may see it.
/// </summary>
public interface ISensitiveTextMasker
{
    /// <summary>Whether the masker changes anything (false: the user may see the values in clear).</summary>
    bool Masks { get; }

    /// <summary>The text with every sensitive value masked; null stays null.</summary>
    string? Mask(string? text);

    /// <summary>A copy of the JSON with every string value masked (property names are kept).</summary>
    JsonNode? Mask(JsonNode? node);
}
