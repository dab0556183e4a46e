using Grassroots.ServiceRequests.Models;

namespace Grassroots.ServiceRequests.Network;

/// <summary>Chinese source labels (localised in views) of point kinds and time limits.</summary>
public static class ServicePointLabels
{
    public static string Kind(ServicePointKind kind) => kind switch
    {
        ServicePointKind.CountyCenter => "县群众工作中心",
        ServicePointKind.TownRoom => "镇(街道)群众工作室",
        ServicePointKind.VillageStation => "村(社区)群众工作站",
        ServicePointKind.Liaison => "联络员",
        _ => "服务窗口",
    };

    public static IReadOnlyList<ServicePointKind> All { get; } =
        [ServicePointKind.CountyCenter, ServicePointKind.TownRoom, ServicePointKind.VillageStation, ServicePointKind.Liaison, ServicePointKind.Window];
}
