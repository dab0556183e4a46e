using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Grassroots.Security;

/// <summary>
/// The client's address as the rate limits and sign-in throttles count it. The connection's remote address is already
/// the real client when the site sits behind a configured proxy (<c>Security:ForwardedHeaders</c>); an IPv6 client is
/// counted by its /64 network, because one subscriber line gets a whole /64 and could otherwise rotate addresses freely.
/// </summary>
public static class ClientAddress
{
    /// <summary>The bucket of the request's client: <c>203.0.113.5</c> or <c>2001:db8:1:2::/64</c>; <c>unknown</c> without one.</summary>
    public static string PartitionKey(HttpContext context) => PartitionKey(context.Connection.RemoteIpAddress);

    /// <summary>The bucket of an address: IPv4 (also IPv4-mapped IPv6) as it is, IPv6 by its /64 prefix.</summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
