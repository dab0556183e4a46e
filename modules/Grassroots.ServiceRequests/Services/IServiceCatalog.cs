using Grassroots.ServiceRequests.Models;

namespace Grassroots.ServiceRequests.Services;

/// <summary>A published service guide (办事指南) as the pipeline, portal and Open311 use it.</summary>
public sealed record ServiceGuideInfo(
    string GuideContentItemId,
    string ItemCode,
    string ItemName,
    string OfficeCode,
    string? WindowCode,
    string OrgUnitCode,
    bool IsImmediate,
    int TimeLimitDays,
    IReadOnlyList<string> Materials,
    string Fees,
    string? Contact);

/// <summary>The service network (服务网点、窗口、权责清单) and the published guides; implemented by <c>ServiceCatalog</c>.</summary>
public interface IServiceCatalog
{
    Task<ServicePoint?> FindPointAsync(string code, CancellationToken cancellationToken);

    /// <summary>The enabled points and windows <paramref name="userName"/> staffs (<see cref="ServicePointStaff"/>).</summary>
    Task<IReadOnlyList<ServicePointStaffView>> GetUserPointsAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Whether point or window <paramref name="pointCode"/> has <paramref name="itemCode"/> in its authority catalogue.</summary>
    Task<bool> HasAuthorityAsync(string pointCode, string itemCode, CancellationToken cancellationToken);

    /// <summary>Enabled windows under centre or room <paramref name="parentPointCode"/> whose catalogue has the item (suggested first).</summary>
    Task<IReadOnlyList<ServicePoint>> FindWindowsAsync(string parentPointCode, string? itemCode, CancellationToken cancellationToken);

    /// <summary>The published guide with <paramref name="itemCode"/>, or null.</summary>
    Task<ServiceGuideInfo?> FindGuideAsync(string itemCode, CancellationToken cancellationToken);

    /// <summary>Published guides, optionally of one office (point code, with its windows) and matching a text (name or code).</summary>
    Task<IReadOnlyList<ServiceGuideInfo>> ListGuidesAsync(string? officeCode, string? text, CancellationToken cancellationToken);
}

/// <summary>A point a user staffs, and whether they dispatch there.</summary>
public sealed record ServicePointStaffView(ServicePoint Point, bool IsDispatcher);
