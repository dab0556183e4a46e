namespace Grassroots.ServiceRequests.Models;

/// <summary>The level of a service point in the four-level service network (四级服务网络), or a window.</summary>
public enum ServicePointKind
{
    /// <summary>县群众工作中心.</summary>
    CountyCenter = 1,

    /// <summary>镇(街道)群众工作室.</summary>
    TownRoom = 2,

    /// <summary>村(社区)群众工作站.</summary>
    VillageStation = 3,

    /// <summary>自然村联络员 (a liaison: registers and forwards, never handles).</summary>
    Liaison = 4,

    /// <summary>服务窗口 (a department's window inside a centre or room).</summary>
    Window = 5,
}

/// <summary>
/// A service point (服务网点) or a service window (窗口/部门). Windows belong to a centre or a room
/// (<see cref="ParentCode"/>); rooms to the county centre; stations to their town's room; liaisons to their station.
/// </summary>
public sealed class ServicePoint : Grassroots.Security.IOrgScoped
{
    public long Id { get; set; }

    /// <summary>Unique code, e.g. "370725001-R" (room of town 370725001) or "370725001-W-MZ" (a window).</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public ServicePointKind Kind { get; set; }

    /// <summary>The org unit the point serves (county, town or village code).</summary>
    public string OrgUnitCode { get; set; } = "";

    /// <summary>Materialised path of <see cref="OrgUnitCode"/> (jurisdiction filters).</summary>
    public string OrgPath { get; set; } = "";

    /// <summary>The point this one reports to (window → centre/room, station → room, room → centre), or null for the centre.</summary>
    public string? ParentCode { get; set; }

    /// <summary>For a window: the department (部门) that staffs it, e.g. "民政办".</summary>
    public string? Department { get; set; }

    public string? Phone { get; set; }

    public string? Address { get; set; }

    /// <summary>Opening hours as published, e.g. "工作日 8:30-12:00 13:30-17:30".</summary>
    public string? Hours { get; set; }

    public bool Enabled { get; set; } = true;

    public int SortOrder { get; set; }
}
