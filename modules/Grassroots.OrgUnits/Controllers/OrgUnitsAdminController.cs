using Grassroots.Data;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.OrgUnits.Controllers;

/// <summary>The 组织机构 dashboard screen: browse the tree and search.</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class OrgUnitsAdminController(
    IOrgUnitService orgUnits,
    IDbContextAccessor data,
    IAuthorizationService authorization) : Controller
{
    public const int SearchLimit = 50;

    [HttpGet("/admin/org-units")]
    public async Task<IActionResult> Index(string? code, string? q, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, OrgUnitPermissions.ManageOrgUnits))
        {
            return Forbid();
        }

        var model = new OrgUnitsIndexViewModel { Query = q?.Trim() ?? "" };
        if (model.Query.Length > 0)
        {
            var term = model.Query;
            var found = await data.DbContext.Set<OrgUnit>().AsNoTracking()
                .Where(u => u.Name.Contains(term) || u.Code.Contains(term))
                .OrderBy(u => u.Path)
                .Take(SearchLimit + 1)
                .ToListAsync(cancellationToken);
            model.SearchTruncated = found.Count > SearchLimit;
            model.SearchResults = found.Take(SearchLimit).ToList();
            return View(model);
        }

        if (!string.IsNullOrWhiteSpace(code))
        {
            model.Current = await orgUnits.GetAsync(code.Trim(), cancellationToken);
            if (model.Current is null)
            {
                return NotFound();
            }

            model.Lineage = await orgUnits.GetLineageAsync(model.Current.Code, cancellationToken);
        }

        model.Children = await orgUnits.GetChildrenAsync(model.Current?.Code, cancellationToken);
        return View(model);
    }
}

public sealed class OrgUnitsIndexViewModel
{
    public string Query { get; set; } = "";
    public OrgUnit? Current { get; set; }
    public IReadOnlyList<OrgUnit> Lineage { get; set; } = [];
    public IReadOnlyList<OrgUnitSummary> Children { get; set; } = [];
    public IReadOnlyList<OrgUnit>? SearchResults { get; set; }
    public bool SearchTruncated { get; set; }
}
