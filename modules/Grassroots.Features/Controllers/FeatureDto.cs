using Grassroots.Modules;

namespace Grassroots.Features.Controllers;

/// <summary>A feature as the API returns it.</summary>
public sealed record FeatureDto(
    string Id,
    string Name,
    string Description,
    string Category,
    string ModuleId,
    bool Enabled,
    bool IsAlwaysEnabled,
    IReadOnlyList<string> Dependencies)
{
    public static FeatureDto From(FeatureDescriptor f, bool enabled)
        => new(f.Id, f.Name, f.Description, f.Category, f.ModuleId, enabled, f.IsAlwaysEnabled, f.Dependencies);
}

/// <summary>Result of enabling.</summary>
public sealed record FeaturesEnabledResponse(IReadOnlyList<string> Enabled);

/// <summary>Result of disabling.</summary>
public sealed record FeaturesDisabledResponse(IReadOnlyList<string> Disabled);
