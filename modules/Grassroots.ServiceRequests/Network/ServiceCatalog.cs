using Grassroots.ContentManagement;
using Grassroots.Data;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.ServiceRequests.Network;

/// <summary>
/// Reads the service network tables and the published 办事指南 content items. Guides are found by item code through
/// the content field index; lists load the published guides (a county has at most a few hundred) and filter in memory.
/// </summary>
internal sealed class ServiceCatalog(IDbContextAccessor accessor, IContentManager contentManager) : IServiceCatalog
{
    private DbContext Db => accessor.DbContext;

    public Task<ServicePoint?> FindPointAsync(string code, CancellationToken cancellationToken)
        => Db.Set<ServicePoint>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, cancellationToken);

    public async Task<IReadOnlyList<ServicePointStaffView>> GetUserPointsAsync(string userName, CancellationToken cancellationToken)
    {
        var rows = await (from s in Db.Set<ServicePointStaff>().AsNoTracking()
                          join p in Db.Set<ServicePoint>().AsNoTracking() on s.PointCode equals p.Code
                          where s.UserName == userName && p.Enabled
                          orderby p.Kind, p.SortOrder, p.Code
                          select new { Point = p, s.IsDispatcher }).ToListAsync(cancellationToken);
        return rows.Select(r => new ServicePointStaffView(r.Point, r.IsDispatcher)).ToList();
    }

    public Task<bool> HasAuthorityAsync(string pointCode, string itemCode, CancellationToken cancellationToken)
        => Db.Set<ServiceAuthority>().AnyAsync(a => a.PointCode == pointCode && a.ItemCode == itemCode, cancellationToken);

    public async Task<IReadOnlyList<ServicePoint>> FindWindowsAsync(string parentPointCode, string? itemCode, CancellationToken cancellationToken)
    {
        var windows = await Db.Set<ServicePoint>().AsNoTracking()
            .Where(p => p.ParentCode == parentPointCode && p.Kind == ServicePointKind.Window && p.Enabled)
            .OrderBy(p => p.SortOrder).ThenBy(p => p.Code)
            .ToListAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(itemCode) || windows.Count == 0)
        {
            return windows;
        }

        var codes = windows.Select(w => w.Code).ToList();
        var withAuthority = (await Db.Set<ServiceAuthority>().AsNoTracking()
                .Where(a => a.ItemCode == itemCode && codes.Contains(a.PointCode))
                .Select(a => a.PointCode).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);

        // Windows whose catalogue has the item come first (the suggestion); the others follow for a dispatcher's choice.
        return windows.Where(w => withAuthority.Contains(w.Code)).Concat(windows.Where(w => !withAuthority.Contains(w.Code))).ToList();
    }

    public async Task<ServiceGuideInfo?> FindGuideAsync(string itemCode, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(itemCode))
        {
            return null;
        }

        var id = await ServiceGuideValidator.PublishedGuideIdsAsync(Db, itemCode.Trim()).FirstOrDefaultAsync(cancellationToken);
        if (id is null)
        {
            return null;
        }

        var item = await contentManager.GetAsync(id, VersionOptions.Published, cancellationToken);
        return item is null ? null : ToInfo(item);
    }

    public async Task<IReadOnlyList<ServiceGuideInfo>> ListGuidesAsync(string? officeCode, string? text, CancellationToken cancellationToken)
    {
        var guides = (await LoadPublishedGuidesAsync(cancellationToken)).Select(ToInfo).ToList();
        if (!string.IsNullOrWhiteSpace(officeCode))
        {
            officeCode = officeCode.Trim();
            var windows = await Db.Set<ServicePoint>().AsNoTracking()
                .Where(p => p.ParentCode == officeCode && p.Kind == ServicePointKind.Window)
                .Select(p => p.Code).ToListAsync(cancellationToken);
            var catalogue = await Db.Set<ServiceAuthority>().AsNoTracking()
                .Where(a => a.PointCode == officeCode).Select(a => a.ItemCode).ToListAsync(cancellationToken);
            guides = guides.Where(g => g.OfficeCode == officeCode
                    || (g.WindowCode is not null && windows.Contains(g.WindowCode))
                    || catalogue.Contains(g.ItemCode))
                .ToList();
        }

        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim();
            guides = guides.Where(g => g.ItemName.Contains(t, StringComparison.OrdinalIgnoreCase)
                    || g.ItemCode.Contains(t, StringComparison.OrdinalIgnoreCase))
                .ToList();
        }

        return guides.OrderBy(g => g.ItemCode, StringComparer.Ordinal).ToList();
    }

    /// <summary>The published, not deleted guides as content items.</summary>
    internal async Task<IReadOnlyList<ContentItem>> LoadPublishedGuidesAsync(CancellationToken cancellationToken)
    {
        var records = await contentManager.Query()
            .Where(r => r.ContentType == ServiceGuideType.Name && r.Published && !r.Deleted)
            .ToListAsync(cancellationToken);
        return records.Select(contentManager.Load).ToList();
    }

    internal static ServiceGuideInfo ToInfo(ContentItem item) => new(
        item.ContentItemId,
        ServiceGuideType.Text(item, ServiceGuideType.ItemCode) ?? "",
        ServiceGuideType.Text(item, ServiceGuideType.ItemName) ?? item.DisplayText,
        ServiceGuideType.Text(item, ServiceGuideType.Office) ?? "",
        ServiceGuideType.Text(item, ServiceGuideType.Window),
        item.OrgUnitCode,
        ServiceGuideType.Text(item, ServiceGuideType.TimeLimitKind) == ServiceGuideType.Immediate,
        ServiceGuideType.Number(item, ServiceGuideType.TimeLimitDays),
        ServiceGuideType.Lines(item, ServiceGuideType.Materials),
        ServiceGuideType.Text(item, ServiceGuideType.Fees) ?? "免费",
        ServiceGuideType.Text(item, ServiceGuideType.Contact));
}
