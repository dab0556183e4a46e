using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Media;

/// <summary>
/// <see cref="IAttachmentRegistry"/> on the <c>Attachments</c> table. Binding is a conditional update
/// (<c>… WHERE ContentItemId IS NULL</c>) in the caller's transaction, so two items saved at once cannot both claim a file.
/// </summary>
internal sealed class AttachmentRegistry(GrassrootsDbContext db, IAttachmentStore store, TimeProvider clock) : IAttachmentRegistry
{
    private DbSet<AttachmentRecord> Rows => db.Set<AttachmentRecord>();

    public async Task<AttachmentInfo> UploadAsync(Stream content, string fileName, string contentType, string? uploader, CancellationToken cancellationToken = default)
    {
        var info = await store.SaveAsync(content, fileName, contentType, cancellationToken);
        var row = new AttachmentRecord { Id = info.Id, UploadedBy = uploader, UploadedUtc = clock.GetUtcNow().UtcDateTime };
        try
        {
            Rows.Add(row);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            await store.DeleteAsync(info.Id, CancellationToken.None);
            throw;
        }
        finally
        {
            db.Entry(row).State = EntityState.Detached;
        }

        return info;
    }

    public async Task<AttachmentOwnership?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 32)
        {
            return null;
        }

        var row = await Rows.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        return row is null ? null : new AttachmentOwnership(row.Id, row.ContentItemId, row.UploadedBy, row.UploadedUtc);
    }

    /// <summary>
    /// Binds the files to the item on behalf of <paramref name="userName"/>. Returns the ids refused (unknown, another
    /// user's upload, or another item's file); when any is refused nothing is bound.
    /// </summary>
    public async Task<IReadOnlyList<string>> BindAsync(string contentItemId, IReadOnlyCollection<string> ids, string? userName,
        CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await Rows.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, StringComparer.Ordinal, cancellationToken);
        List<string> refused = [.. ids.Where(id => !rows.TryGetValue(id, out var row)
            || !new AttachmentOwnership(row.Id, row.ContentItemId, row.UploadedBy, row.UploadedUtc).MayAttach(contentItemId, userName))];
        if (refused.Count > 0)
        {
            return refused;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var id in rows.Values.Where(r => r.ContentItemId is null).Select(r => r.Id))
        {
            var bound = await Rows.Where(a => a.Id == id && a.ContentItemId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ContentItemId, contentItemId).SetProperty(a => a.AttachedUtc, now), cancellationToken);
            if (bound == 0 && !await Rows.AnyAsync(a => a.Id == id && a.ContentItemId == contentItemId, cancellationToken))
            {
                // Claimed by another save (or removed) since it was read.
                refused.Add(id);
            }
        }

        return refused;
    }

    /// <summary>Removes unattached uploads made before <paramref name="cutoffUtc"/> (row and bytes); returns how many.</summary>
    public async Task<int> RemoveUnattachedAsync(DateTime cutoffUtc, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        while (true)
        {
            var batch = await Rows.AsNoTracking().Where(a => a.ContentItemId == null && a.UploadedUtc < cutoffUtc)
                .OrderBy(a => a.UploadedUtc).Select(a => a.Id).Take(500).ToListAsync(cancellationToken);
            foreach (var id in batch)
            {
                // The row goes first and only while still unattached, so a file bound meanwhile is never deleted.
                if (await Rows.Where(a => a.Id == id && a.ContentItemId == null).ExecuteDeleteAsync(cancellationToken) == 1)
                {
                    await store.DeleteAsync(id, cancellationToken);
                    removed++;
                }
            }

            if (batch.Count < 500)
            {
                return removed;
            }
        }
    }
}
