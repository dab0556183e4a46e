namespace Grassroots.ContentManagement;

/// <summary>The outcome of a save: the item, or validation errors by field path, or a stale-version conflict.</summary>
public sealed class ContentSaveResult
{
    public ContentItem? Item { get; init; }

    /// <summary>Errors by field path (<c>Part.Field</c>, or a common field name); messages in the user's language.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    public ContentSaveStatus Status { get; init; }

    public string? Message { get; init; }

    public bool Succeeded => Status == ContentSaveStatus.Succeeded;

    public static ContentSaveResult Success(ContentItem item) => new() { Item = item, Status = ContentSaveStatus.Succeeded };

    public static ContentSaveResult Invalid(IReadOnlyDictionary<string, string[]> errors)
        => new() { Errors = errors, Status = ContentSaveStatus.Invalid };

    public static ContentSaveResult Conflict(string message, ContentItem? current = null)
        => new() { Status = ContentSaveStatus.Conflict, Message = message, Item = current };

    public static ContentSaveResult NotFound() => new() { Status = ContentSaveStatus.NotFound };
}

public enum ContentSaveStatus
{
    Succeeded,
    Invalid,
    Conflict,
    NotFound,
}
