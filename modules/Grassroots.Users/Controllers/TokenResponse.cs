using System.Text.Json.Serialization;

namespace Grassroots.Users.Controllers;

/// <summary>An OAuth-style token response.</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);
