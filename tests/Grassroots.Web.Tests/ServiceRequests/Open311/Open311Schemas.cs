using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Grassroots.Tests.ServiceRequests.Open311;

/// <summary>The GeoReport v2 schemas copied into Schemas/ (see its README) and a validator over them.</summary>
public static class Open311Schemas
{
    private static readonly Uri BaseUri = new("https://open311.test/schema/georeport-v2/");
    private static readonly Lazy<Dictionary<string, JsonSchema>> Schemas = new(Load);

    public const string Services = "services.json";
    public const string ServiceDefinition = "service-definition.json";
    public const string Requests = "requests.json";
    public const string PostResponse = "swagger:RequestResponse";
    public const string TokenResponse = "swagger:TokenResponse";

    /// <summary>Asserts <paramref name="json"/> is valid against the schema <paramref name="name"/>, naming every error.</summary>
    public static void AssertValid(string name, JsonNode? json)
    {
        var schema = Schemas.Value[name];
        using var document = JsonDocument.Parse(json?.ToJsonString() ?? "null");
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (!result.IsValid)
        {
            var errors = Flatten(result).Select(r => $"{r.InstanceLocation}: {string.Join("; ", r.Errors!.Select(e => $"{e.Key} {e.Value}"))}");
            Assert.Fail($"{name} rejects the response:\n{string.Join('\n', errors)}\n{json}");
        }
    }

    /// <summary>Asserts <paramref name="json"/> is NOT valid (the validator really checks).</summary>
    public static void AssertInvalid(string name, JsonNode? json)
    {
        using var document = JsonDocument.Parse(json?.ToJsonString() ?? "null");
        var result = Schemas.Value[name].Evaluate(document.RootElement, new EvaluationOptions { RequireFormatValidation = true });
        Assert.False(result.IsValid, $"{name} accepts {json}");
    }

    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults results)
    {
        if (results.Errors is { Count: > 0 })
        {
            yield return results;
        }

        foreach (var detail in results.Details ?? [])
        {
            foreach (var nested in Flatten(detail))
            {
                yield return nested;
            }
        }
    }

    private static Dictionary<string, JsonSchema> Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "ServiceRequests", "Open311", "Schemas");
        var registry = new SchemaRegistry();
        var options = new BuildOptions { SchemaRegistry = registry };
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);

        // The item schemas first: services.json and requests.json refer to them by relative URI.
        foreach (var file in new[] { "service.json", "request.json", Services, ServiceDefinition, Requests })
        {
            var uri = new Uri(BaseUri, file);
            var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(folder, file)), options, uri);
            if (registry.Get(uri) is null)
            {
                registry.Register(uri, schema);
            }

            schemas[file] = schema;
        }

        // swagger.json: response schemas of POST requests and GET tokens, arrays of its definitions.
        var swagger = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "swagger.json")))!.AsObject();
        foreach (var definition in new[] { "RequestResponse", "TokenResponse" })
        {
            var wrapped = new JsonObject
            {
                ["type"] = "array",
                ["minItems"] = 1,
                ["items"] = swagger["definitions"]![definition]!.DeepClone(),
            };
            wrapped["items"]!["type"] = "object";
            schemas["swagger:" + definition] = JsonSchema.FromText(wrapped.ToJsonString(), options, new Uri(BaseUri, definition + ".json"));
        }

        return schemas;
    }
}
