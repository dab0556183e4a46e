using Grassroots.Data;
using Grassroots.Security;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Audit;

/// <summary>Filtered, paged reads of <see cref="AuditEntryRecord"/>.</summary>
internal sealed class AuditQuery(GrassrootsDbContext db) : IAuditQuery
{
    public async Task<AuditPage> QueryAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        var query = db.Set<AuditEntryRecord>().AsNoTracking();
        if (Value(filter.UserName) is { } user)
        {
            query = query.Where(e => e.UserName == user);
        }

        if (Value(filter.ContentItemId) is { } item)
        {
            query = query.Where(e => e.ContentItemId == item);
        }

        if (Value(filter.ContentType) is { } type)
        {
            query = query.Where(e => e.ContentType == type);
        }

        if (Value(filter.Category) is { } category)
        {
            query = query.Where(e => e.Category == category);
        }

        if (Value(filter.Action) is { } action)
        {
            query = query.Where(e => e.Action == action);
        }

        if (filter.FromUtc is { } from)
        {
            var f = DateTime.SpecifyKind(from, DateTimeKind.Utc);
            query = query.Where(e => e.CreatedUtc >= f);
        }

        if (filter.ToUtc is { } to)
        {
            var t = DateTime.SpecifyKind(to, DateTimeKind.Utc);
            query = query.Where(e => e.CreatedUtc < t);
        }

        query = WithinOrgPath(query, filter.OrgPath);
        var pageSize = Math.Clamp(filter.PageSize, 1, 500);
        var page = Math.Max(1, filter.Page);
        var total = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderByDescending(e => e.Sequence)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return new AuditPage(total, rows.Select(ToEntry).ToList());
    }

    public async Task<AuditEntryDetail?> GetAsync(long sequence, string? orgPath = null, CancellationToken cancellationToken = default)
    {
        var row = await WithinOrgPath(db.Set<AuditEntryRecord>().AsNoTracking(), orgPath).FirstOrDefaultAsync(e => e.Sequence == sequence, cancellationToken);
        return row is null ? null : new AuditEntryDetail(ToEntry(row), row.UserId, row.PreviousHash);
    }

    /// <summary>Entries whose org unit lies under <paramref name="orgPath"/> (a subquery on OrgUnits, in the same SQL).</summary>
    private IQueryable<AuditEntryRecord> WithinOrgPath(IQueryable<AuditEntryRecord> query, string? orgPath)
    {
        if (orgPath is null)
        {
            return query;
        }

        var codes = db.OrgUnits.WithinJurisdiction(Jurisdiction.Under(orgPath)).Select(o => o.Code);
        return query.Where(e => e.OrgUnitCode != null && codes.Contains(e.OrgUnitCode));
    }

    private static AuditEntry ToEntry(AuditEntryRecord e) => new(
        e.Sequence, e.CreatedUtc, e.Category, e.Action, e.Summary, e.UserName, e.ClientAddress,
        e.ContentItemId, e.ContentType, e.OrgUnitCode, e.Data, e.Hash);

    private static string? Value(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
