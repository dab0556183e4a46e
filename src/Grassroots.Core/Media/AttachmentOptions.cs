namespace Grassroots.Media;

/// <summary>Configuration section <c>Attachments</c>: how long unattached uploads live and how often they are swept.</summary>
public sealed class AttachmentOptions
{
    /// <summary>An upload no item has claimed after this long is removed. Default: one day.</summary>
    public TimeSpan UnattachedLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often the sweep runs. Default: every hour.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Delay before the first sweep after start-up. Default: one minute.</summary>
    public TimeSpan CleanupStartupDelay { get; set; } = TimeSpan.FromMinutes(1);
}
