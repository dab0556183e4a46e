using Grassroots.ContentManagement.Metadata;

namespace Grassroots.ContentTypes.Services;

/// <summary>Loads and stores field containers through <see cref="IContentDefinitionManager"/> (which validates).</summary>
public sealed class FieldContainerStore(IContentDefinitionManager definitions)
{
    public async Task<FieldContainer?> LoadAsync(FieldContainerKind kind, string name, CancellationToken cancellationToken = default)
    {
        if (kind == FieldContainerKind.Type)
        {
            var type = await definitions.GetTypeDefinitionAsync(name, cancellationToken);
            return type is null ? null : FieldContainer.ForType(type);
        }

        var part = await definitions.GetPartDefinitionAsync(name, cancellationToken);
        return part is null ? null : FieldContainer.ForPart(part);
    }

    /// <summary>Validates and stores the container; errors by the manager's paths (<c>fields[1].kind</c>), empty on success.</summary>
    public Task<IReadOnlyDictionary<string, string[]>> SaveAsync(FieldContainer container, CancellationToken cancellationToken = default)
        => container.Type is not null
            ? definitions.StoreTypeDefinitionAsync(container.Type, cancellationToken)
            : definitions.StorePartDefinitionAsync(container.Part!, cancellationToken);
}
