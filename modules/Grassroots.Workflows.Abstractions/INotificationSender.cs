namespace Grassroots.Workflows;

/// <summary>
/// Writes in-app notifications (站内通知) to named users; implemented by the workflows module's notification service so
/// other modules can notify without a reference to it.
/// </summary>
public interface INotificationSender
{
    /// <summary>Writes one notification per user (duplicates ignored); optionally e-mails them. Returns how many were written.</summary>
    Task<int> NotifyUsersAsync(IEnumerable<string> userNames, string title, string? body, string? url, string? instanceId,
        bool sendEmail = false, CancellationToken cancellationToken = default);
}
