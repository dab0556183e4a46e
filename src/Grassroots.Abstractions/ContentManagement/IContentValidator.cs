using Grassroots.Commands;
namespace Grassroots.ContentManagement;

/// <summary>
/// Item-level validation a module adds to the content manager (e.g. a code unique among published items). Runs after
/// field validation, before a version is stored (create/update) and before a publish; errors refuse the change with
/// <see cref="CommandStatus.Invalid"/>.
/// </summary>
public interface IContentValidator
{
    Task ValidateAsync(ContentValidationContext context, CancellationToken cancellationToken);
}

/// <summary>What is being saved, and where validators put their messages (by "Part.Field" path).</summary>
public sealed class ContentValidationContext
{
    public required ContentItem Item { get; init; }

    /// <summary>True when this change publishes the item (or keeps a non-draftable item published).</summary>
    public required bool Publishing { get; init; }

    public Dictionary<string, string[]> Errors { get; } = [];

    public void AddError(string path, string message)
        => Errors[path] = Errors.TryGetValue(path, out var existing) ? [.. existing, message] : [message];
}
