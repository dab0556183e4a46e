using Grassroots.ContentManagement.Metadata;
using Grassroots.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Contents;

/// <summary>Yields the per-type permissions of every securable type (read from the definitions on each call).</summary>
internal sealed class ContentTypePermissionProvider(IServiceScopeFactory scopes) : IPermissionProvider
{
    public IEnumerable<Permission> GetPermissions()
    {
        try
        {
            using var scope = scopes.CreateScope();
            var definitions = scope.ServiceProvider.GetRequiredService<IContentDefinitionManager>();
            var types = Task.Run(() => definitions.ListTypeDefinitionsAsync()).GetAwaiter().GetResult();
            return [.. types.Where(t => t.Settings.Securable).OrderBy(t => t.Name, StringComparer.Ordinal).SelectMany(ContentTypePermissions.All)];
        }
        catch (Exception)
        {
            // Before setup there is no database and no type.
            return [];
        }
    }
}
