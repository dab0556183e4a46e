using Grassroots.Security;

namespace Grassroots.AuditTrail;

/// <summary>Permissions of the AuditTrail module (审计日志).</summary>
public sealed class AuditTrailPermissions : IPermissionProvider
{
    /// <summary>See the audit trail inside the jurisdiction (查看审计日志).</summary>
    public static readonly Permission ViewAuditTrail = new("ViewAuditTrail", "查看审计日志", "安全");

    /// <summary>Verify and trim the audit trail (校验和清理审计日志).</summary>
    public static readonly Permission ManageAuditTrail = new("ManageAuditTrail", "校验和清理审计日志", "安全");

    public IEnumerable<Permission> GetPermissions() => [ViewAuditTrail, ManageAuditTrail];
}
