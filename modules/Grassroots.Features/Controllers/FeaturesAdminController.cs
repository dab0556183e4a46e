using Grassroots.Modules;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.Features.Controllers;

/// <summary>The 功能 dashboard screen.</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class FeaturesAdminController(
    IFeatureManager features,
    IAuthorizationService authorization,
    IStringLocalizer<FeaturesAdminController> T) : Controller
{
    [HttpGet("/admin/features")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, FeaturePermissions.ManageFeatures))
        {
            return Forbid();
        }

        var enabled = (await features.GetEnabledFeaturesAsync(cancellationToken)).Select(f => f.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var groups = features.AvailableFeatures
            .Select(f => FeatureDto.From(f, enabled.Contains(f.Id)))
            .GroupBy(f => string.IsNullOrEmpty(f.Category) ? "其他" : f.Category)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new FeatureGroup(g.Key, g.OrderBy(f => f.Name, StringComparer.Ordinal).ToList()))
            .ToList();
        var names = features.AvailableFeatures.ToDictionary(f => f.Id, f => f.Name, StringComparer.OrdinalIgnoreCase);
        return View(new FeaturesIndexViewModel(groups, names));
    }

    /// <summary>Confirm step: lists the features that will be switched off with this one.</summary>
    [HttpGet("/admin/features/{id}/disable")]
    public async Task<IActionResult> ConfirmDisable(string id, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, FeaturePermissions.ManageFeatures))
        {
            return Forbid();
        }

        var feature = features.GetFeature(id);
        if (feature is null)
        {
            return NotFound();
        }

        var enabled = (await features.GetEnabledFeaturesAsync(cancellationToken)).Select(f => f.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var dependents = features.GetDependentsOf(id)
            .Where(f => !string.Equals(f.Id, feature.Id, StringComparison.OrdinalIgnoreCase) && enabled.Contains(f.Id))
            .ToList();
        return View(new ConfirmDisableViewModel(feature, dependents));
    }

    [HttpPost("/admin/features/{id}/enable")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Enable(string id, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, FeaturePermissions.ManageFeatures))
        {
            return Forbid();
        }

        if (features.GetFeature(id) is null)
        {
            return NotFound();
        }

        try
        {
            var changed = await features.EnableAsync([id], cancellationToken);
            TempData["Success"] = changed.Count == 0
                ? T["功能已处于启用状态，无需更改。"].Value
                : T["已启用：{0}", string.Join("、", changed.Select(f => f.Name))].Value;
        }
        catch (FeatureChangeException ex)
        {
            TempData["Error"] = ex.Message;
        }

        return Redirect("/admin/features");
    }

    [HttpPost("/admin/features/{id}/disable")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Disable(string id, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, FeaturePermissions.ManageFeatures))
        {
            return Forbid();
        }

        if (features.GetFeature(id) is null)
        {
            return NotFound();
        }

        try
        {
            var changed = await features.DisableAsync([id], cancellationToken);
            TempData["Success"] = changed.Count == 0
                ? T["功能已处于停用状态，无需更改。"].Value
                : T["已停用：{0}", string.Join("、", changed.Select(f => f.Name))].Value;
        }
        catch (FeatureChangeException ex)
        {
            TempData["Error"] = ex.Message;
        }

        return Redirect("/admin/features");
    }
}

public sealed record FeatureGroup(string Category, IReadOnlyList<FeatureDto> Features);

public sealed record FeaturesIndexViewModel(IReadOnlyList<FeatureGroup> Groups, IReadOnlyDictionary<string, string> Names);

public sealed record ConfirmDisableViewModel(FeatureDescriptor Feature, IReadOnlyList<FeatureDescriptor> Dependents);
