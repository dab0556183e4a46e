namespace Grassroots.ServiceRequests.Models;

/// <summary>One line of the authority catalogue (权责清单): service point or window <see cref="PointCode"/> may handle item <see cref="ItemCode"/>.</summary>
public sealed class ServiceAuthority
{
    public long Id { get; set; }

    public string PointCode { get; set; } = "";

    /// <summary>The service item code (事项编码) as on the service guide.</summary>
    public string ItemCode { get; set; } = "";
}
