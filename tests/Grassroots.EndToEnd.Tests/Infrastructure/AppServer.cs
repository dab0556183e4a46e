using Grassroots.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.EndToEnd.Tests.Infrastructure;

/// <summary>The real platform on Kestrel at a free loopback port, on a fresh SQLite database set up by the county recipe.</summary>
public sealed class AppServer : IAsyncDisposable
{
    private AppServer(GrassrootsFactory factory, string baseUrl)
    {
        Factory = factory;
        BaseUrl = baseUrl;
    }

    public GrassrootsFactory Factory { get; }

    /// <summary>Like <c>http://127.0.0.1:41234</c>, no trailing slash.</summary>
    public string BaseUrl { get; }

    public static async Task<AppServer> StartAsync(DatabaseKind kind = DatabaseKind.Sqlite)
    {
        var factory = await GrassrootsFactory.CreateAsync(kind, settings: new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0" });
        factory.UseKestrel(0);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var url = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return new AppServer(factory, url);
    }

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
