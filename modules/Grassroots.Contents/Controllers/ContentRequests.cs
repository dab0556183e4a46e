using System.Text.Json.Nodes;

namespace Grassroots.Contents.Controllers;

/// <summary>Body of <c>POST /api/content/{type}</c>.</summary>
public sealed class ContentCreateRequest
{
    public string? ContentItemId { get; set; }

    public string? OrgUnitCode { get; set; }

    public bool? Published { get; set; }

    /// <summary>Parts → fields → <c>{"value": …}</c>.</summary>
    public JsonObject? Content { get; set; }
}

/// <summary>Body of <c>PUT /api/content/{id}</c>.</summary>
public sealed class ContentUpdateRequest
{
    /// <summary>The stamp of the version the change is based on (or the <c>If-Match</c> header).</summary>
    public string? ConcurrencyStamp { get; set; }

    public string? OrgUnitCode { get; set; }

    public bool? Publish { get; set; }

    public JsonObject? Content { get; set; }
}

/// <summary>Body of <c>POST /api/content/{id}/reveal</c>.</summary>
public sealed class ContentRevealRequest
{
    /// <summary>Why the values are needed (at least 4 characters; audited).</summary>
    public string? Reason { get; set; }
}
