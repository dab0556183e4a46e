using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Grassroots.ContentTypes.Controllers;

/// <summary>Shared bits of the definition APIs.</summary>
internal static class DefinitionApiHelpers
{
    /// <summary>Reads a definition from the request body with the platform's JSON conventions; null and an error when unreadable.</summary>
    public static T? Read<T>(JsonElement body, ModelStateDictionary modelState, string message)
        where T : class
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            modelState.AddModelError("", message);
            return null;
        }

        try
        {
            return body.Deserialize<T>(GrassrootsJson.Options);
        }
        catch (JsonException e)
        {
            modelState.AddModelError(string.IsNullOrEmpty(e.Path) ? "" : e.Path.TrimStart('$', '.'), message);
            return null;
        }
    }

    public static ModelStateDictionary ToModelState(IReadOnlyDictionary<string, string[]> errors)
    {
        var modelState = new ModelStateDictionary();
        foreach (var (key, messages) in errors)
        {
            foreach (var message in messages)
            {
                modelState.AddModelError(key, message);
            }
        }

        return modelState;
    }
}
