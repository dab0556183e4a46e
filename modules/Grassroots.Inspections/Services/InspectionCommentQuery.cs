using Grassroots.Data;
using Grassroots.Inspections.Models;
using Grassroots.Security;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Inspections.Services;

/// <summary>Latest inspector comments under an org path, for other modules' reports.</summary>
internal sealed class InspectionCommentQuery(IDbContextAccessor dbAccessor) : IInspectionCommentQuery
{
    public async Task<IReadOnlyList<InspectionCommentInfo>> GetLatestAsync(string orgPathPrefix, int take, bool unitsOnly, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(orgPathPrefix) || take <= 0)
        {
            return [];
        }

        var query = dbAccessor.DbContext.Set<InspectionComment>().AsNoTracking().WithinJurisdiction(Jurisdiction.Under(orgPathPrefix));
        if (unitsOnly)
        {
            query = query.Where(c => c.ContentItemId == null);
        }

        return await query.OrderByDescending(c => c.CreatedUtc).ThenByDescending(c => c.Id).Take(take)
            .Select(c => new InspectionCommentInfo(c.Id, c.ContentItemId, c.OrgUnitCode, c.AuthorName, c.Text, c.CreatedUtc))
            .ToListAsync(cancellationToken);
    }
}
