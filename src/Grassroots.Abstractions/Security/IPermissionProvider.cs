namespace Grassroots.Security;

/// <summary>Declares a feature's permissions and which default roles hold them.</summary>
public interface IPermissionProvider
{
    IEnumerable<Permission> GetPermissions();

    /// <summary>Permissions granted to default roles when the feature is set up.</summary>
    IEnumerable<PermissionStereotype> GetDefaultStereotypes() => [];
}

/// <summary>A default role and the permissions it gets.</summary>
public sealed record PermissionStereotype(string RoleName, IReadOnlyList<Permission> Permissions);
