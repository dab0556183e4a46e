using Microsoft.AspNetCore.Identity;

namespace Grassroots.Security;

/// <summary>A user (用户): staff at any level, or a resident on the portal.</summary>
public sealed class GrassrootsUser : IdentityUser
{
    /// <summary>Real name shown in the dashboard.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>The org unit the user acts in (jurisdiction root).</summary>
    public string? OrgUnitCode { get; set; }

    /// <summary>Preferred UI culture (zh-CN or en); null for the site default.</summary>
    public string? Culture { get; set; }

    public bool IsDisabled { get; set; }

    public DateTime CreatedUtc { get; set; }
}
