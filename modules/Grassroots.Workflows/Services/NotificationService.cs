using Grassroots.Data;
using Grassroots.Security;
using Grassroots.Workflows.Models;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Grassroots.Workflows.Services;

/// <summary>
/// In-app notifications (站内通知): finds the recipients of a role in an org unit (or a named user), writes one
/// <see cref="NotificationRecord"/> per user and, when <c>Smtp:Host</c> is configured, e-mails users with a confirmed address.
/// </summary>
public sealed class NotificationService(
    IDbContextAccessor data,
    UserManager<GrassrootsUser> users,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<NotificationService> logger) : INotificationSender
{
    /// <summary>Longest title stored (column width).</summary>
    public const int MaxTitleLength = 300;

    /// <summary>Longest body stored (column width).</summary>
    public const int MaxBodyLength = 4000;

    private DbSet<NotificationRecord> Notifications => data.DbContext.Set<NotificationRecord>();

    /// <summary>
    /// The user names of the recipients: <paramref name="userName"/> when given (if the user exists and is enabled),
    /// else the enabled users holding <paramref name="role"/> whose org unit is <paramref name="orgUnitCode"/>
    /// (any unit when it is null).
    /// </summary>
    public async Task<IReadOnlyList<string>> ResolveRecipientsAsync(string? role, string? orgUnitCode, string? userName, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrWhiteSpace(userName))
        {
            var user = await users.FindByNameAsync(userName.Trim());
            return user is { IsDisabled: false, UserName: { } name } ? [name] : [];
        }

        if (string.IsNullOrWhiteSpace(role))
        {
            return [];
        }

        cancellationToken.ThrowIfCancellationRequested();
        var holders = await users.GetUsersInRoleAsync(role.Trim());
        return [.. holders
            .Where(u => !u.IsDisabled && u.UserName is not null && (orgUnitCode is null || u.OrgUnitCode == orgUnitCode))
            .Select(u => u.UserName!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Writes one notification per user (duplicates ignored); optionally e-mails them. Returns how many were written.</summary>
    public async Task<int> NotifyUsersAsync(IEnumerable<string> userNames, string title, string? body, string? url, string? instanceId,
        bool sendEmail = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userNames);
        var names = userNames.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        title = Truncate(string.IsNullOrWhiteSpace(title) ? "通知" : title.Trim(), MaxTitleLength);
        body = Truncate(body?.Trim() ?? "", MaxBodyLength);
        foreach (var name in names)
        {
            Notifications.Add(new NotificationRecord
            {
                UserName = name,
                Title = title,
                Body = body,
                Url = url,
                WorkflowInstanceId = instanceId,
                CreatedUtc = now,
            });
        }

        await data.DbContext.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (sendEmail)
        {
            await SendEmailsAsync(names, title, body, url, cancellationToken).ConfigureAwait(false);
        }

        return names.Count;
    }

    /// <summary>The user's notifications, newest first.</summary>
    public async Task<IReadOnlyList<NotificationRecord>> ListAsync(string userName, bool unreadOnly = false, int take = 100, CancellationToken cancellationToken = default)
    {
        var query = Notifications.AsNoTracking().Where(n => n.UserName == userName);
        if (unreadOnly)
        {
            query = query.Where(n => n.ReadUtc == null);
        }

        return await query.OrderByDescending(n => n.CreatedUtc).ThenByDescending(n => n.Id).Take(Math.Clamp(take, 1, 500))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many unread notifications the user has.</summary>
    public Task<int> CountUnreadAsync(string userName, CancellationToken cancellationToken = default) =>
        Notifications.CountAsync(n => n.UserName == userName && n.ReadUtc == null, cancellationToken);

    /// <summary>Marks one of the user's notifications read; null when it is not theirs or does not exist.</summary>
    public async Task<NotificationRecord?> MarkReadAsync(string userName, long id, CancellationToken cancellationToken = default)
    {
        var record = await Notifications.FirstOrDefaultAsync(n => n.Id == id && n.UserName == userName, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        if (record.ReadUtc is null)
        {
            record.ReadUtc = clock.GetUtcNow().UtcDateTime;
            await data.DbContext.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return record;
    }

    /// <summary>Marks all of the user's notifications read; returns how many changed.</summary>
    public async Task<int> MarkAllReadAsync(string userName, CancellationToken cancellationToken = default)
    {
        var unread = await Notifications.Where(n => n.UserName == userName && n.ReadUtc == null).ToListAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var record in unread)
        {
            record.ReadUtc = now;
        }

        await data.DbContext.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return unread.Count;
    }

    private async Task SendEmailsAsync(List<string> names, string title, string body, string? url, CancellationToken cancellationToken)
    {
        var smtp = configuration.GetSection("Smtp");
        var host = smtp["Host"];
        if (string.IsNullOrWhiteSpace(host))
        {
            return;
        }

        var recipients = new List<GrassrootsUser>();
        foreach (var name in names)
        {
            var user = await users.FindByNameAsync(name);
            if (user is { IsDisabled: false, EmailConfirmed: true, Email: { Length: > 0 } })
            {
                recipients.Add(user);
            }
        }

        if (recipients.Count == 0)
        {
            return;
        }

        try
        {
            using var client = new SmtpClient();
            client.Timeout = 15000;
            var port = int.TryParse(smtp["Port"], out var p) ? p : 25;
            await client.ConnectAsync(host, port, SecureSocketOptions.Auto, cancellationToken).ConfigureAwait(false);
            if (smtp["User"] is { Length: > 0 } smtpUser)
            {
                await client.AuthenticateAsync(smtpUser, smtp["Password"] ?? "", cancellationToken).ConfigureAwait(false);
            }

            var from = MailboxAddress.Parse(smtp["From"] is { Length: > 0 } f ? f : smtp["User"] ?? "noreply@localhost");
            foreach (var user in recipients)
            {
                var message = new MimeMessage();
                message.From.Add(from);
                message.To.Add(new MailboxAddress(user.DisplayName, user.Email!));
                message.Subject = title;
                message.Body = new TextPart("plain") { Text = url is null ? body : $"{body}\n\n{url}" };
                try
                {
                    await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Notification e-mail to {User} failed.", user.UserName);
                }
            }

            await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Notification e-mail over SMTP host {Host} failed.", host);
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
