using System.Security.Claims;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.Security;

/// <summary>
/// Sensitive personal data (敏感信息: ID numbers, phones, health, disability, poverty category, minors' data) is shown
/// masked everywhere — lists, details, exports, the API — unless the user holds 查看敏感信息 for the item's jurisdiction
/// and has revealed the item with a reason. A reveal lasts a limited time and is audited.
/// </summary>
public interface ISensitiveDataService
{
    /// <summary>Whether the user may reveal the item's sensitive values (holds the permission, item in jurisdiction).</summary>
    Task<bool> CanRevealAsync(ClaimsPrincipal user, ContentItem item, CancellationToken cancellationToken = default);

    /// <summary>Whether an unexpired reveal of the item by the user exists.</summary>
    Task<bool> IsRevealedAsync(ClaimsPrincipal user, string contentItemId, CancellationToken cancellationToken = default);

    /// <summary>Records a reveal with its reason (audited); null when the user may not reveal or the reason is empty.</summary>
    Task<SensitiveReveal?> RevealAsync(ClaimsPrincipal user, ContentItem item, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// A copy of the item with every sensitive field masked, and the display text masked when the type asks for it,
    /// unless the item is revealed to the user.
    /// </summary>
    Task<ContentItem> ProtectAsync(ClaimsPrincipal user, ContentItem item, CancellationToken cancellationToken = default);

    /// <summary>Masks a display text as a person's name when the type asks for it (lists).</summary>
    string ProtectDisplayText(ContentTypeDefinition? type, string displayText);

    /// <summary>The masked form of a value of a field kind (resident ID, phone; anything else keeps its ends).</summary>
    string MaskValue(string? kind, string? value);

    /// <summary>
    /// <see cref="ProtectDisplayText"/> by type name (lists in modules that hold only the version row: task inbox,
    /// inspections, pickers).
    /// </summary>
    Task<string> ProtectDisplayTextAsync(string contentType, string displayText, CancellationToken cancellationToken = default);

    /// <summary>
    /// A masker of free text and JSON about <paramref name="item"/> (null: about no item) for the user: it passes
    /// everything through when the item is revealed to the user (about no item: when the user holds 查看敏感信息).
    /// </summary>
    Task<ISensitiveTextMasker> CreateTextMaskerAsync(ClaimsPrincipal user, ContentItem? item, CancellationToken cancellationToken = default);
}

/// <summary>An active reveal.</summary>
public sealed record SensitiveReveal(string ContentItemId, string Reason, DateTime ExpiresUtc);
