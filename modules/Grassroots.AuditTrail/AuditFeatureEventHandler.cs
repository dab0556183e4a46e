using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.Modules;

namespace Grassroots.AuditTrail;

/// <summary>Records feature.enabled / feature.disabled with the ids switched.</summary>
internal sealed class AuditFeatureEventHandler(IAuditTrail audit) : IFeatureEventHandler
{
    public Task EnabledAsync(IReadOnlyList<FeatureDescriptor> features, CancellationToken cancellationToken)
        => RecordAsync("feature.enabled", "启用功能", features, cancellationToken);

    public Task DisabledAsync(IReadOnlyList<FeatureDescriptor> features, CancellationToken cancellationToken)
        => RecordAsync("feature.disabled", "停用功能", features, cancellationToken);

    private Task RecordAsync(string action, string verb, IReadOnlyList<FeatureDescriptor> features, CancellationToken cancellationToken)
    {
        if (features.Count == 0)
        {
            return Task.CompletedTask;
        }

        return audit.RecordAsync(new AuditEvent
        {
            Category = AuditCategories.Feature,
            Action = action,
            Summary = $"{verb}：{string.Join("、", features.Select(f => f.Name))}",
            Data = new JsonObject { ["features"] = new JsonArray(features.Select(f => (JsonNode?)f.Id).ToArray()) },
        }, cancellationToken);
    }
}
