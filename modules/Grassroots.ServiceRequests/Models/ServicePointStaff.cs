namespace Grassroots.ServiceRequests.Models;

/// <summary>
/// A user who works at a service point or window (窗口工作人员): tasks queued for the point ("sp:{code}") reach them.
/// <see cref="IsDispatcher"/> marks who may dispatch (分流交办), arbitrate and approve extensions at a centre or room.
/// </summary>
public sealed class ServicePointStaff
{
    public long Id { get; set; }

    public string PointCode { get; set; } = "";

    public string UserName { get; set; } = "";

    public bool IsDispatcher { get; set; }
}
