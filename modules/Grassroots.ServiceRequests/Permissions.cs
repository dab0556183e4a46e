using Grassroots.Security;

namespace Grassroots.ServiceRequests;

/// <summary>Permissions of the service-request feature (流水线服务).</summary>
public sealed class ServiceRequestPermissions : IPermissionProvider
{
    /// <summary>Maintain service points, windows, their staff and the authority catalogue (管理服务网络与权责清单).</summary>
    public static readonly Permission ManageServiceNetwork = new("ManageServiceNetwork", "管理服务网点、窗口、人员与权责清单", "流水线服务");

    /// <summary>Register requests and act on them at one's own points (受理与办理群众诉求).</summary>
    public static readonly Permission HandleServiceRequests = new("HandleServiceRequests", "受理、分流和办理群众诉求", "流水线服务");

    /// <summary>See requests, the supervision list and KPIs inside the jurisdiction (查看诉求与考核).</summary>
    public static readonly Permission ViewServiceRequests = new("ViewServiceRequests", "查看辖区内的群众诉求、督办清单与考核指标", "流水线服务");

    public IEnumerable<Permission> GetPermissions() => [ManageServiceNetwork, HandleServiceRequests, ViewServiceRequests];
}
