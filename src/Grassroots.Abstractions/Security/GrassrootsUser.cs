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

    /// <summary>
    /// The password was set by someone else (an administrator's reset, a new account, a generated setup password): the
    /// user must choose a new one before doing anything else, and gets no API token until then.
    /// </summary>
    public bool MustChangePassword { get; set; }

    public DateTime CreatedUtc { get; set; }
}
