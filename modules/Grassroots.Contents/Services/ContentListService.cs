using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Contents.Services;

/// <summary>Filters for content lists (the API and the admin screens share them).</summary>
public sealed class ContentListFilter
{
    /// <summary>One type, or null for all <paramref name="Types"/>.</summary>
    public string? Type { get; set; }

    /// <summary>Restrict to these types (the listable ones) when <see cref="Type"/> is null.</summary>
    public IReadOnlyCollection<string>? Types { get; set; }

    /// <summary>Org unit code: the unit and its subtree.</summary>
    public string? OrgUnit { get; set; }

    /// <summary>Matches the display text or any indexed text of the latest version.</summary>
    public string? Q { get; set; }

    /// <summary>all (default), published, draft, deleted.</summary>
    public string? Status { get; set; }

    /// <summary>modified (default), title, created.</summary>
    public string? Sort { get; set; }

    public int Page { get; set; } = 1;

    public int PageSize { get; set; } = 20;
}

/// <summary>A page of version rows.</summary>
public sealed record ContentListPage(int Total, int Page, int PageSize, IReadOnlyList<ContentItemRecord> Items);

/// <summary>Queries the latest versions of content items.</summary>
public sealed class ContentListService(IContentManager contentManager, IDbContextAccessor dbAccessor, IContentDefinitionManager definitions)
{
    public const int MaxPageSize = 100;

    /// <param name="source">The rows the user may see (already restricted to the jurisdiction), or null for all.</param>
    /// <param name="ownOnlyTypes">Types of which only the user's own items are visible.</param>
    /// <param name="userName">The user (owner) for <paramref name="ownOnlyTypes"/>.</param>
    public async Task<ContentListPage> ListAsync(ContentListFilter filter, IQueryable<ContentItemRecord>? source = null,
        IReadOnlyCollection<string>? ownOnlyTypes = null, string? userName = null, CancellationToken cancellationToken = default)
    {
        var query = await FilterAsync(filter, source, ownOnlyTypes, userName, cancellationToken);
        var total = await query.CountAsync(cancellationToken);
        query = Sort(query, filter.Sort);
        var pageSize = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, filter.Page);
        var items = await query.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new ContentListPage(total, page, pageSize, items);
    }

    public static IQueryable<ContentItemRecord> Sort(IQueryable<ContentItemRecord> query, string? sort)
        => (sort ?? "").Trim().ToLowerInvariant() switch
        {
            "title" => query.OrderBy(r => r.DisplayText).ThenByDescending(r => r.Id),
            "created" => query.OrderByDescending(r => r.CreatedUtc).ThenByDescending(r => r.Id),
            _ => query.OrderByDescending(r => r.ModifiedUtc).ThenByDescending(r => r.Id),
        };

    /// <summary>The filtered (unsorted) latest versions.</summary>
    public async Task<IQueryable<ContentItemRecord>> FilterAsync(ContentListFilter filter, IQueryable<ContentItemRecord>? source,
        IReadOnlyCollection<string>? ownOnlyTypes, string? userName, CancellationToken cancellationToken = default)
    {
        var query = (source ?? contentManager.Query()).Where(r => r.Latest);
        if (ownOnlyTypes is { Count: > 0 })
        {
            var own = ownOnlyTypes.ToList();
            query = query.Where(r => !own.Contains(r.ContentType) || r.Owner == userName);
        }

        query = (filter.Status ?? "").Trim().ToLowerInvariant() switch
        {
            "deleted" => query.Where(r => r.Deleted),
            "published" => query.Where(r => !r.Deleted && r.Published),
            "draft" => query.Where(r => !r.Deleted && !r.Published),
            _ => query.Where(r => !r.Deleted),
        };

        if (!string.IsNullOrWhiteSpace(filter.Type))
        {
            var type = filter.Type.Trim();
            query = query.Where(r => r.ContentType == type);
        }
        else if (filter.Types is not null)
        {
            var types = filter.Types.ToList();
            query = query.Where(r => types.Contains(r.ContentType));
        }

        if (!string.IsNullOrWhiteSpace(filter.OrgUnit))
        {
            var segment = "/" + filter.OrgUnit.Trim() + "/";
            query = query.Where(r => r.OrgPath.Contains(segment));
        }

        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = filter.Q.Trim();
            var fields = dbAccessor.DbContext.Set<ContentFieldIndex>();

            // A masked display text is a person's name: the text filter matches neither it nor the field it comes from.
            var masked = (await definitions.ListTypeDefinitionsAsync(cancellationToken))
                .Where(t => t.Settings.MaskDisplayText).Select(t => t.Name).ToList();
            query = query.Where(r => (!masked.Contains(r.ContentType) && r.DisplayText.Contains(q))
                || fields.Any(f => f.ContentItemId == r.ContentItemId && f.Latest && f.Text != null && f.Text.Contains(q)
                    && !(masked.Contains(r.ContentType) && f.Text == r.DisplayText)));
        }

        return query;
    }
}
