using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Grassroots.Localization;
using Microsoft.AspNetCore.Http;

namespace Grassroots.ServiceRequests.Services.Open311;

/// <summary>
/// GeoReport v2 output: every response is built once as JSON and written either as JSON or as the spec's XML (the same
/// names, arrays as repeated child elements), so both formats always carry the same values.
/// </summary>
internal static class Open311Format
{
    public const string Json = "json";
    public const string Xml = "xml";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Element names of the items of arrays, by the array's name (spec: services/service, requests/request …).</summary>
    private static readonly Dictionary<string, string> ItemNames = new(StringComparer.Ordinal)
    {
        ["services"] = "service",
        ["service_requests"] = "request",
        ["errors"] = "error",
        ["attributes"] = "attribute",
        ["values"] = "value",
        ["endpoints"] = "endpoint",
        ["formats"] = "format",
    };

    /// <summary>"json" or "xml" (case-insensitive), or null for anything else.</summary>
    public static string? Normalize(string? format) => format?.ToLowerInvariant() switch
    {
        Json => Json,
        Xml => Xml,
        _ => null,
    };

    /// <summary>ISO 8601 in China Standard Time with its offset, e.g. 2026-11-28T09:30:00+08:00.</summary>
    public static string? DateTime(DateTime? utc)
    {
        if (utc is not { } value)
        {
            return null;
        }

        var local = BusinessTime.ToBusinessDateTime(value);
        var offset = BusinessTime.ChinaStandardTime.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    /// <summary>The response text and content type of <paramref name="body"/> in <paramref name="format"/>; <paramref name="root"/> names the XML root.</summary>
    public static (string Text, string ContentType) Render(JsonNode body, string root, string format)
        => format == Xml
            ? (ToXml(body, root), "text/xml; charset=utf-8")
            : (body.ToJsonString(JsonOptions), "application/json; charset=utf-8");

    /// <summary>The spec's error list: <c>[{"code":404,"description":"…"}]</c> / <c>&lt;errors&gt;&lt;error&gt;…</c>.</summary>
    public static JsonArray Errors(int code, string description)
        => [new JsonObject { ["code"] = code, ["description"] = description }];

    /// <summary>Writes an error list straight to the response (used outside MVC, e.g. by the rate limiter).</summary>
    public static async Task WriteErrorAsync(HttpContext http, int status, string description, CancellationToken cancellationToken)
    {
        var (text, contentType) = Render(Errors(status, description), "errors", FormatOfPath(http.Request.Path.Value));
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        await http.Response.WriteAsync(text, cancellationToken);
    }

    /// <summary>The format named by a path's suffix (JSON unless it ends with ".xml").</summary>
    public static string FormatOfPath(string? path)
        => path is not null && path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? Xml : Json;

    private static string ToXml(JsonNode body, string root)
    {
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            writer.WriteStartDocument();
            WriteNode(writer, root, body);
            writer.WriteEndDocument();
        }

        // StringBuilder output declares utf-16; the response is UTF-8.
        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static void WriteNode(XmlWriter writer, string name, JsonNode? node)
    {
        writer.WriteStartElement(name);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    WriteNode(writer, key, value);
                }

                break;
            case JsonArray array:
                var itemName = ItemNames.GetValueOrDefault(name, "item");
                foreach (var item in array)
                {
                    WriteNode(writer, itemName, item);
                }

                break;
            case JsonValue value:
                writer.WriteString(ScalarText(value));
                break;
        }

        writer.WriteEndElement();
    }

    /// <summary>The XML text of a JSON scalar: strings as they are, booleans lower-case, numbers invariant.</summary>
    public static string ScalarText(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.ToJsonString(),
    };
}
