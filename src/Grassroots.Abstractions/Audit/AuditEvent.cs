using System.Text.Json.Nodes;

namespace Grassroots.Audit;

/// <summary>Something to put in the audit trail (审计日志). User and client address are filled from the request when absent.</summary>
public sealed class AuditEvent
{
    /// <summary>One of <see cref="AuditCategories"/>.</summary>
    public required string Category { get; init; }

    /// <summary>What happened, e.g. <c>login.succeeded</c>, <c>content.updated</c>.</summary>
    public required string Action { get; init; }

    /// <summary>A one-line Chinese description for the viewer.</summary>
    public string Summary { get; init; } = "";

    public string? UserName { get; set; }

    public string? UserId { get; set; }

    public string? ClientAddress { get; set; }

    public string? ContentItemId { get; init; }

    public string? ContentType { get; init; }

    public string? OrgUnitCode { get; init; }

    /// <summary>Details: field-level changes, reasons, feature ids, recipe names…</summary>
    public JsonObject? Data { get; init; }
}

/// <summary>Audit categories.</summary>
public static class AuditCategories
{
    public const string Security = "security";
    public const string Content = "content";
    public const string ContentDefinition = "contentDefinition";
    public const string Feature = "feature";
    public const string Recipe = "recipe";
    public const string User = "user";
    public const string Role = "role";
    public const string Sensitive = "sensitive";
    public const string Export = "export";
    public const string Workflow = "workflow";
    public const string Audit = "audit";
}
