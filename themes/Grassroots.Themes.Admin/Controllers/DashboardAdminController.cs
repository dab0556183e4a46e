using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Data;
using Grassroots.Modules;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Themes.Admin.Controllers;

/// <summary>The dashboard home (工作台): counts of org units, content items and features.</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class DashboardAdminController(
    IAuthorizationService authorization,
    IDbContextAccessor db,
    IContentManager contentManager,
    IContentDefinitionManager definitions,
    IFeatureManager features,
    IJurisdictionService jurisdictions) : Controller
{
    [HttpGet("/admin")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.AccessAdminPanel))
        {
            return Forbid();
        }

        var jurisdiction = await jurisdictions.GetAsync(User, cancellationToken);
        var levels = await db.DbContext.Set<OrgUnit>()
            .WithinJurisdiction(jurisdiction)
            .GroupBy(o => o.Level)
            .Select(g => new { Level = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        // What the user may read: publications owned above the user's unit count too.
        var types = await definitions.ListTypeDefinitionsAsync(cancellationToken);
        var contentCounts = await contentManager.Query()
            .ReadableWithin(jurisdiction, types.Where(t => t.Settings.Publication).Select(t => t.Name).ToList())
            .Where(r => r.Latest && !r.Deleted)
            .GroupBy(r => r.ContentType)
            .Select(g => new { Type = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var displayNames = types.ToDictionary(t => t.Name, t => string.IsNullOrWhiteSpace(t.DisplayName) ? t.Name : t.DisplayName);
        var content = types
            .Select(t => new ContentTypeCount(t.Name, displayNames[t.Name], contentCounts.FirstOrDefault(c => c.Type == t.Name)?.Count ?? 0))
            .Concat(contentCounts.Where(c => !displayNames.ContainsKey(c.Type)).Select(c => new ContentTypeCount(c.Type, c.Type, c.Count)))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

        var enabled = await features.GetEnabledFeaturesAsync(cancellationToken);

        int Count(OrgUnitLevel level) => levels.FirstOrDefault(l => l.Level == level)?.Count ?? 0;
        ViewData["Title"] = null;
        return View(new DashboardViewModel
        {
            Counties = Count(OrgUnitLevel.County),
            Towns = Count(OrgUnitLevel.Town),
            Villages = Count(OrgUnitLevel.Village),
            Grids = Count(OrgUnitLevel.Grid) + Count(OrgUnitLevel.SpecialGrid),
            ContentTypes = content,
            EnabledFeatures = enabled.Count,
            AvailableFeatures = features.AvailableFeatures.Count,
        });
    }
}

/// <summary>What the dashboard home shows.</summary>
public sealed class DashboardViewModel
{
    public int Counties { get; init; }
    public int Towns { get; init; }
    public int Villages { get; init; }
    public int Grids { get; init; }
    public IReadOnlyList<ContentTypeCount> ContentTypes { get; init; } = [];
    public int EnabledFeatures { get; init; }
    public int AvailableFeatures { get; init; }
}

/// <summary>Number of (latest, not deleted) items of one content type.</summary>
public sealed record ContentTypeCount(string Name, string DisplayName, int Count);
