using Grassroots.Modules;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.Features.Controllers;

/// <summary>Lists features and switches them on and off.</summary>
[ApiController]
[Authorize]
[Route("api/features")]
[Tags("Features")]
public sealed class FeaturesApiController(
    IFeatureManager features,
    IAuthorizationService authorization,
    IStringLocalizer<FeaturesApiController> T) : ControllerBase
{
    /// <summary>All features with their state.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<FeatureDto>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List(CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, FeaturePermissions.ManageFeatures))
        {
            return Forbid();
        }

        var enabled = (await features.GetEnabledFeaturesAsync(cancellationToken)).Select(f => f.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Ok(features.AvailableFeatures.Select(f => FeatureDto.From(f, enabled.Contains(f.Id))).ToList());
    }

    /// <summary>Enables a feature and its dependencies; returns the ids switched on.</summary>
    [HttpPost("{id}/enable")]
    [ProducesResponseType<FeaturesEnabledResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Enable(string id, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, FeaturePermissions.ManageFeatures))
        {
            return Forbid();
        }

        if (features.GetFeature(id) is null)
        {
            return Problem(title: T["功能「{0}」不存在", id], statusCode: StatusCodes.Status404NotFound);
        }

        try
        {
            var changed = await features.EnableAsync([id], cancellationToken);
            return Ok(new FeaturesEnabledResponse(changed.Select(f => f.Id).ToList()));
        }
        catch (FeatureChangeException ex)
        {
            return Problem(title: ex.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    /// <summary>Disables a feature and every feature depending on it; returns the ids switched off.</summary>
    [HttpPost("{id}/disable")]
    [ProducesResponseType<FeaturesDisabledResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Disable(string id, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, FeaturePermissions.ManageFeatures))
        {
            return Forbid();
        }

        if (features.GetFeature(id) is null)
        {
            return Problem(title: T["功能「{0}」不存在", id], statusCode: StatusCodes.Status404NotFound);
        }

        try
        {
            var changed = await features.DisableAsync([id], cancellationToken);
            return Ok(new FeaturesDisabledResponse(changed.Select(f => f.Id).ToList()));
        }
        catch (FeatureChangeException ex)
        {
            return Problem(title: ex.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }
}
