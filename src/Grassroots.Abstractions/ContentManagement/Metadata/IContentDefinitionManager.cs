namespace Grassroots.ContentManagement.Metadata;

/// <summary>Reads and stores content type and part definitions (in the database).</summary>
public interface IContentDefinitionManager
{
    Task<IReadOnlyList<ContentTypeDefinition>> ListTypeDefinitionsAsync(CancellationToken cancellationToken = default);

    Task<ContentTypeDefinition?> GetTypeDefinitionAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Validates and stores (creates or replaces) a type; returns errors by path, empty on success.</summary>
    Task<IReadOnlyDictionary<string, string[]>> StoreTypeDefinitionAsync(ContentTypeDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>Deletes a type definition; returns false when it does not exist.</summary>
    Task<bool> DeleteTypeDefinitionAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ContentPartDefinition>> ListPartDefinitionsAsync(CancellationToken cancellationToken = default);

    Task<ContentPartDefinition?> GetPartDefinitionAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, string[]>> StorePartDefinitionAsync(ContentPartDefinition definition, CancellationToken cancellationToken = default);

    Task<bool> DeletePartDefinitionAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The parts of a type with their fields, own part first; empty when the type does not exist.</summary>
    Task<IReadOnlyList<ContentPartLayout>> GetLayoutAsync(string typeName, CancellationToken cancellationToken = default);
}
