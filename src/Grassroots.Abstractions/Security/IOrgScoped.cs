namespace Grassroots.Security;

/// <summary>
/// A row that belongs to a unit of the org tree: its materialised org path (e.g. <c>/370725/370725107/</c>, always
/// ending with <c>/</c>; empty for a row that belongs to no unit). Every query over such rows is restricted with
/// <see cref="JurisdictionQueryExtensions.WithinJurisdiction{T}(IQueryable{T}, Jurisdiction)"/>, in the database.
/// Rows whose column has another name use the overload with a path selector.
/// </summary>
public interface IOrgScoped
{
    string OrgPath { get; }
}
