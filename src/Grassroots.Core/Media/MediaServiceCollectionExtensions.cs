using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Grassroots.Media;

/// <summary>Registration of the attachment store and the attachment ownership registry.</summary>
public static class MediaServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IAttachmentStore"/> as files under <c>{DataPath}/attachments</c> (unless another store is
    /// already registered) and <see cref="IAttachmentRegistry"/> on the <c>Attachments</c> table. Needs
    /// <see cref="Hosting.IGrassrootsEnvironment"/>.
    /// </summary>
    public static IServiceCollection AddFileSystemAttachmentStore(this IServiceCollection services)
    {
        services.TryAddSingleton<IAttachmentStore, FileSystemAttachmentStore>();
        services.TryAddScoped<AttachmentRegistry>();
        services.TryAddScoped<IAttachmentRegistry>(sp => sp.GetRequiredService<AttachmentRegistry>());
        return services;
    }
}
