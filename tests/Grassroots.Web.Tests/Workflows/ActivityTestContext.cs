using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.Workflows;
using Grassroots.Workflows.Expressions;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Workflows;

/// <summary>Runs one module activity directly, with the app's services, outside any store.</summary>
internal static class ActivityTestContext
{
    public static IActivity Activity(IServiceProvider services, string name) =>
        services.GetServices<IActivity>().Single(a => a.Name == name);

    public static async Task<JsonObject> ItemAsync(IServiceProvider services, string id)
    {
        var item = await services.GetRequiredService<IContentManager>().GetAsync(id, VersionOptions.Latest);
        Assert.NotNull(item);
        return ExpressionScope.ContentItemToJson(item);
    }

    public static ActivityContext Create(IServiceProvider services, string type, JsonObject properties, JsonObject? item = null,
        bool resuming = false, JsonNode? input = null, DateTime? utcNow = null, int incoming = 0, WorkflowInstance? instance = null)
    {
        instance ??= new WorkflowInstance
        {
            Id = Guid.NewGuid().ToString("n"),
            WorkflowTypeId = "test",
            WorkflowTypeVersion = 1,
            CorrelationId = item?["contentItemId"]?.GetValue<string>(),
        };
        var definition = new ActivityDefinition { Id = "a1", Type = type, Properties = properties };
        return new ActivityContext(instance, definition, input, resuming, services.GetRequiredService<IExpressionEvaluator>(),
            services, "admin", CancellationToken.None)
        {
            ContentItem = item,
            UtcNow = utcNow ?? DateTime.UtcNow,
            IncomingCount = incoming,
        };
    }

    public static Task<ActivityResult> RunAsync(IServiceProvider services, string type, JsonObject properties, JsonObject? item = null,
        bool resuming = false, JsonNode? input = null, DateTime? utcNow = null, int incoming = 0, WorkflowInstance? instance = null) =>
        Activity(services, type).ExecuteAsync(Create(services, type, properties, item, resuming, input, utcNow, incoming, instance));
}
