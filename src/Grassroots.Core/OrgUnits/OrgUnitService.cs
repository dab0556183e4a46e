using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.OrgUnits;

/// <summary>Reads the org tree from the <c>OrgUnits</c> table.</summary>
internal sealed class OrgUnitService(GrassrootsDbContext db) : IOrgUnitService
{
    public Task<OrgUnit?> GetAsync(string code, CancellationToken cancellationToken = default)
        => db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Code == code, cancellationToken);

    public async Task<IReadOnlyList<OrgUnitSummary>> GetChildrenAsync(string? parentCode, CancellationToken cancellationToken = default)
        => await db.OrgUnits.AsNoTracking()
            .Where(u => u.ParentCode == parentCode || (parentCode == null && u.Level == OrgUnitLevel.County))
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Code)
            .Select(u => new OrgUnitSummary(u.Code, u.Name, u.Level, u.ParentCode, db.OrgUnits.Count(c => c.ParentCode == u.Code)))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<OrgUnit>> GetLineageAsync(string code, CancellationToken cancellationToken = default)
    {
        var unit = await GetAsync(code, cancellationToken);
        if (unit is null)
        {
            return [];
        }

        var codes = unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var units = await db.OrgUnits.AsNoTracking().Where(u => codes.Contains(u.Code)).ToListAsync(cancellationToken);
        return units.OrderBy(u => u.Path.Length).ToList();
    }

    public Task<OrgUnit?> GetRootAsync(CancellationToken cancellationToken = default)
        => db.OrgUnits.AsNoTracking().Where(u => u.Level == OrgUnitLevel.County).OrderBy(u => u.Code).FirstOrDefaultAsync(cancellationToken);
}
