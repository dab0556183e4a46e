using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Grassroots.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Grassroots.Security;

/// <summary>The JWT signing key: generated on first use, stored in the database (never in source), shared by all nodes.</summary>
internal sealed class JwtKeyProvider(IServiceScopeFactory scopes)
{
    public const string Issuer = "grassroots";
    public const string Audience = "grassroots-api";
    private const string SettingName = "JwtSigningKey";
    private readonly Lock _gate = new();
    private SymmetricSecurityKey? _key;

    public SymmetricSecurityKey GetKey()
    {
        if (_key is not null)
        {
            return _key;
        }

        lock (_gate)
        {
            if (_key is null)
            {
                using var scope = scopes.CreateScope();
                var store = scope.ServiceProvider.GetRequiredService<ISiteSettingsStore>();
                var doc = store.GetAsync(SettingName).GetAwaiter().GetResult();
                if (doc["key"]?.GetValue<string>() is not { Length: > 0 } encoded)
                {
                    encoded = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
                    store.SetAsync(SettingName, new JsonObject { ["key"] = encoded }).GetAwaiter().GetResult();
                }

                _key = new SymmetricSecurityKey(Convert.FromBase64String(encoded)) { KeyId = "grassroots-1" };
            }

            return _key;
        }
    }
}
