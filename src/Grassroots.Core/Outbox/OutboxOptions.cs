namespace Grassroots.Outbox;

/// <summary>Configuration section <c>Outbox</c>: dispatch of domain events written in the transaction of their change.</summary>
public sealed class OutboxOptions
{
    /// <summary>How often the background job dispatches messages not handled yet (the safety net). Default 30 seconds.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Dispatch a change's messages right after its commit, in the request (default true). False leaves every message to
    /// the background job, as if the process had died between commit and dispatch (what the crash tests do).
    /// </summary>
    public bool ImmediateDispatch { get; set; } = true;

    /// <summary>Handled messages are deleted after this many days. Default 7; 0 or less keeps them.</summary>
    public int RetentionDays { get; set; } = 7;
}
