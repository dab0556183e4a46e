using System.Text.Json.Nodes;
using Grassroots.Audit;

namespace Grassroots.Users.Controllers;

/// <summary>Writes sign-in events to the audit trail (the client address is filled from the request).</summary>
internal static class LoginAudit
{
    public static Task RecordAsync(IAuditTrail audit, string action, string? userName, string summary, string channel, string? userId = null)
        => audit.RecordAsync(new AuditEvent
        {
            Category = AuditCategories.Security,
            Action = action,
            Summary = summary,
            UserName = userName,
            UserId = userId,
            Data = new JsonObject { ["userName"] = userName, ["channel"] = channel },
        });
}
