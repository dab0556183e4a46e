using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grassroots.Security;

/// <summary>
/// Configuration section <c>Security:ForwardedHeaders</c>: the reverse proxies (load balancer, nginx) whose
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed. Empty by default: forwarded headers are then
/// ignored and the connection's own address is the client (a header anyone can send must not pick a rate-limit bucket).
/// </summary>
public sealed class ProxyOptions
{
    /// <summary>Addresses of trusted proxies, e.g. <c>127.0.0.1</c> or <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Whether any proxy is configured.</summary>
    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}

/// <summary>Registers and applies <see cref="ProxyOptions"/>.</summary>
internal static class ProxyConfiguration
{
    public const string Section = "Security:ForwardedHeaders";

    public static void AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxy = configuration.GetSection(Section).Get<ProxyOptions>() ?? new ProxyOptions();
        services.AddSingleton(Options.Create(proxy));
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // Only the configured proxies count (the framework trusts loopback by default); walk the chain from the
            // nearest hop back while each hop is a trusted proxy, so the first untrusted address is the client.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            options.ForwardLimit = null;
            foreach (var text in proxy.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.TryParse(text.Trim(), out var address)
                    ? address
                    : throw new InvalidOperationException($"配置 {Section}:KnownProxies 中的「{text}」不是有效的 IP 地址。"));
            }

            foreach (var text in proxy.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(text.Trim(), out var network)
                    ? network
                    : throw new InvalidOperationException($"配置 {Section}:KnownNetworks 中的「{text}」不是有效的网段（如 10.0.0.0/24）。"));
            }
        });
    }

    /// <summary>Rewrites the client address and scheme from the forwarded headers of trusted proxies, when any is configured.</summary>
    public static void UseTrustedProxies(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<ProxyOptions>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }
    }
}
