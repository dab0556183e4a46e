using Grassroots.Security;

namespace Grassroots.ContentManagement;

/// <summary>
/// What a user may read of content: the rows inside the jurisdiction (cases and publications alike, drafts included),
/// and the published rows of publication types (<see cref="Metadata.ContentTypeSettings.Publication"/>) owned by a unit
/// above the user's (the owner's path is one of <see cref="Jurisdiction.AncestorPaths"/>). In the database.
/// Writing stays <see cref="JurisdictionQueryExtensions.WithinJurisdiction{T}(IQueryable{T}, Jurisdiction)"/>.
/// </summary>
public static class PublicationQueryExtensions
{
    public static IQueryable<ContentItemRecord> ReadableWithin(this IQueryable<ContentItemRecord> query, Jurisdiction jurisdiction,
        IReadOnlyCollection<string> publicationTypes)
    {
        var ancestors = jurisdiction.AncestorPaths.ToList();
        if (ancestors.Count == 0 || publicationTypes.Count == 0)
        {
            return query.WithinJurisdiction(jurisdiction);
        }

        var types = publicationTypes.ToList();
        return query.WithinJurisdiction(jurisdiction, [JurisdictionQueryExtensions.OrgPathOf<ContentItemRecord>()],
            r => r.Published && !r.Deleted && types.Contains(r.ContentType) && ancestors.Contains(r.OrgPath));
    }
}
