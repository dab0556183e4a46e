using Grassroots.ContentManagement.Metadata;
using Grassroots.Data;

namespace Grassroots.ServiceRequests.Network;

/// <summary>Defines the content type 办事指南 (<see cref="ServiceGuideType"/>) when the feature is first enabled.</summary>
internal sealed class ServiceGuideMigrations(IContentDefinitionManager definitions) : DataMigration
{
    public override async Task<int> CreateAsync()
    {
        if (await definitions.GetTypeDefinitionAsync(ServiceGuideType.Name) is null)
        {
            var errors = await definitions.StoreTypeDefinitionAsync(ServiceGuideType.Definition());
            if (errors.Count > 0)
            {
                throw new InvalidOperationException("ServiceGuide type definition refused: "
                    + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(",", e.Value)}")));
            }
        }

        return 1;
    }
}
