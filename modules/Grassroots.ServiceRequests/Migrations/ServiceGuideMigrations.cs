using Grassroots.ContentManagement.Metadata;
using Grassroots.Data;

namespace Grassroots.ServiceRequests.Network;

/// <summary>
/// Defines the content type 办事指南 (<see cref="ServiceGuideType"/>) when the feature is first enabled; version 2
/// makes it a publication on existing sites (read by every unit below the owner once published).
/// </summary>
internal sealed class ServiceGuideMigrations(IContentDefinitionManager definitions) : DataMigration
{
    public override async Task<int> CreateAsync()
    {
        if (await definitions.GetTypeDefinitionAsync(ServiceGuideType.Name) is null)
        {
            await StoreAsync(ServiceGuideType.Definition());
        }

        return 2;
    }

    public async Task<int> UpdateFrom1Async()
    {
        if (await definitions.GetTypeDefinitionAsync(ServiceGuideType.Name) is { Settings.Publication: false } type)
        {
            type.Settings.Publication = true;
            await StoreAsync(type);
        }

        return 2;
    }

    private async Task StoreAsync(ContentTypeDefinition type)
    {
        var errors = await definitions.StoreTypeDefinitionAsync(type);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("ServiceGuide type definition refused: "
                + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(",", e.Value)}")));
        }
    }
}
