using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Grassroots.Audit;

/// <summary>The canonical content of an entry and its SHA-256.</summary>
internal static class AuditHasher
{
    /// <summary>The previous hash of the first entry ever written.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Compute(AuditEntryRecord e)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("sequence", e.Sequence);
            writer.WriteString("createdUtc", e.CreatedUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            writer.WriteString("category", e.Category);
            writer.WriteString("action", e.Action);
            writer.WriteString("summary", e.Summary);
            writer.WriteString("userName", e.UserName);
            writer.WriteString("userId", e.UserId);
            writer.WriteString("clientAddress", e.ClientAddress);
            writer.WriteString("contentItemId", e.ContentItemId);
            writer.WriteString("contentType", e.ContentType);
            writer.WriteString("orgUnitCode", e.OrgUnitCode);
            writer.WriteString("data", e.Data);
            writer.WriteString("previousHash", e.PreviousHash);
            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    /// <summary>Milliseconds are what every database keeps exactly.</summary>
    public static DateTime Truncate(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    public static string Normalize(string? s) => s is null ? "" : s.Normalize(NormalizationForm.FormC);
}
