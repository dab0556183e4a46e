using System.Security.Claims;
using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Security;

/// <summary>Reads the user's org unit and its path from the database, once per request scope.</summary>
internal sealed class JurisdictionService(GrassrootsDbContext db) : IJurisdictionService
{
    private readonly Dictionary<string, Jurisdiction> _cache = new(StringComparer.Ordinal);

    public async Task<Jurisdiction> GetAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub");
        if (id is null || user.Identity?.IsAuthenticated != true)
        {
            return Jurisdiction.None;
        }

        if (_cache.TryGetValue(id, out var cached))
        {
            return cached;
        }

        var unit = await (from u in db.Users
                          join o in db.OrgUnits on u.OrgUnitCode equals o.Code
                          where u.Id == id && !u.IsDisabled
                          select new { o.Code, o.Path }).FirstOrDefaultAsync(cancellationToken);
        var jurisdiction = unit is null ? Jurisdiction.None : new Jurisdiction(unit.Code, unit.Path);
        _cache[id] = jurisdiction;
        return jurisdiction;
    }
}
