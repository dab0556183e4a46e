using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Core.Tests.Media;
using Grassroots.Hosting;
using Grassroots.Media;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Core.Tests.ContentManagement.Fields;

public class RegistrationTests
{
    [Fact]
    public void All_built_in_kinds_are_registered_once()
    {
        var services = new ServiceCollection().AddBuiltInContentFields().AddBuiltInContentFields();
        using var provider = services.BuildServiceProvider();
        var names = provider.GetServices<IContentFieldKind>().Select(k => k.Name).Order().ToList();

        var expected = typeof(ContentFieldKinds).GetFields()
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order()
            .ToList();
        Assert.Equal(13, expected.Count);
        Assert.Equal(expected, names);
        Assert.All(provider.GetServices<IContentFieldKind>(), k => Assert.False(string.IsNullOrWhiteSpace(k.DisplayName)));
    }

    [Fact]
    public async Task File_system_store_resolves_without_a_registered_clock()
    {
        using var folder = new TempDataFolder();
        var services = new ServiceCollection().AddSingleton<IGrassrootsEnvironment>(folder).AddFileSystemAttachmentStore();
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IAttachmentStore>();
        using var content = new MemoryStream([1, 2, 3]);
        var info = await store.SaveAsync(content, "a.txt", "text/plain");
        Assert.Equal(3, (await store.GetInfoAsync(info.Id))!.Size);
    }
}
