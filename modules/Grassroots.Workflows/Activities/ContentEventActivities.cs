using System.Text.Json.Nodes;

namespace Grassroots.Workflows.Activities;

/// <summary>
/// A content event (start or resume): reacts to items of the listed <c>ContentTypes</c> (empty = any). Not resuming it
/// waits for the event; when the event arrives it ends with "Done".
/// </summary>
internal abstract class ContentEventActivity : WorkflowActivity
{
    public override string Category => "事件";

    public override bool IsEvent => true;

    public override IReadOnlyList<ActivityPropertyDescriptor> PropertyDescriptors { get; } =
        [new("ContentTypes", "内容类型", "contentType") { Hint = "逗号分隔的内容类型名称，留空表示任何类型" }];

    public override bool CanHandleEvent(JsonObject properties, JsonNode? input)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var types = List(properties["ContentTypes"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null);
        if (types.Count == 0)
        {
            return true;
        }

        var type = input?["contentItem"]?["contentType"] is JsonValue t && t.TryGetValue<string>(out var name) ? name : null;
        return type is not null && types.Contains(type, StringComparer.Ordinal);
    }

    public override Task<ActivityResult> ExecuteAsync(ActivityContext context) =>
        Task.FromResult(context.IsResuming && CanHandleEvent(context.Properties, context.Input)
            ? ActivityResult.Outcomes("Done")
            : ActivityResult.Blocked());
}

internal sealed class ContentCreatedEvent : ContentEventActivity
{
    public override string Name => "ContentCreated";

    public override string DisplayName => "内容已创建";
}

internal sealed class ContentUpdatedEvent : ContentEventActivity
{
    public override string Name => "ContentUpdated";

    public override string DisplayName => "内容已更新";
}

internal sealed class ContentPublishedEvent : ContentEventActivity
{
    public override string Name => "ContentPublished";

    public override string DisplayName => "内容已发布";
}

internal sealed class ContentDeletedEvent : ContentEventActivity
{
    public override string Name => "ContentDeleted";

    public override string DisplayName => "内容已删除";
}
