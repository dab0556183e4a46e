using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Core.Tests.ContentManagement.Fields;

/// <summary>Runs a field kind's NormalizeAsync the way the content manager does.</summary>
internal static class FieldTest
{
    public const string Label = "联系电话";

    public static ContentFieldDefinition Field(string kind, Action<ContentFieldSettings>? configure = null, string label = Label)
    {
        var settings = new ContentFieldSettings();
        configure?.Invoke(settings);
        return new ContentFieldDefinition { Name = "Field1", DisplayName = label, Kind = kind, Settings = settings };
    }

    public static async Task<(JsonNode? Value, List<string> Errors)> NormalizeAsync(
        IContentFieldKind kind, JsonNode? value, ContentFieldDefinition field, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        services?.Invoke(collection);
        await using var provider = collection.BuildServiceProvider();
        var context = new FieldValidationContext
        {
            Field = field,
            PartName = "TestPart",
            Item = new ContentItem { ContentItemId = "item1", ContentType = "Test" },
            Services = provider,
            T = new PassThroughLocalizer(),
        };
        var result = await kind.NormalizeAsync(value, context);
        return (result, context.Errors);
    }

    /// <summary>A value as an HTML form posts it: the text, as a JSON string.</summary>
    public static JsonNode Form(string text) => JsonValue.Create(text);
}
