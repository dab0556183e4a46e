using System.Linq.Expressions;
using Grassroots.OrgUnits;

namespace Grassroots.Security;

/// <summary>
/// The one jurisdiction filter for org-scoped rows. It runs in the database: a path prefix that EF Core translates to
/// <c>LIKE 'prefix%'</c> (wildcards in the value escaped by EF Core; org codes are letters and digits anyway), the
/// prefix always ending with <see cref="Jurisdiction.Separator"/>, so <c>/370725/01/</c> never matches
/// <c>/370725/010/</c>. <see cref="Jurisdiction.None"/> sees nothing; a jurisdiction that
/// <see cref="Jurisdiction.SeesEverything"/> is not filtered at all.
/// </summary>
public static class JurisdictionQueryExtensions
{
    private static readonly System.Reflection.MethodInfo StartsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;

    public static IQueryable<T> WithinJurisdiction<T>(this IQueryable<T> query, Jurisdiction jurisdiction)
        where T : IOrgScoped
        => query.WithinJurisdiction(jurisdiction, OrgPathOf<T>());

    /// <summary>Org units inside the jurisdiction (by their own path).</summary>
    public static IQueryable<OrgUnit> WithinJurisdiction(this IQueryable<OrgUnit> query, Jurisdiction jurisdiction)
        => query.WithinJurisdiction(jurisdiction, u => u.Path);

    /// <summary>Rows whose path (given by <paramref name="orgPath"/>) lies inside the jurisdiction.</summary>
    public static IQueryable<T> WithinJurisdiction<T>(this IQueryable<T> query, Jurisdiction jurisdiction, Expression<Func<T, string>> orgPath)
        => query.WithinJurisdiction(jurisdiction, [orgPath]);

    /// <summary>
    /// Rows of which any of <paramref name="orgPaths"/> lies inside the jurisdiction, or which match
    /// <paramref name="orElse"/> (also for <see cref="Jurisdiction.None"/>).
    /// </summary>
    public static IQueryable<T> WithinJurisdiction<T>(this IQueryable<T> query, Jurisdiction jurisdiction,
        IReadOnlyList<Expression<Func<T, string>>> orgPaths, Expression<Func<T, bool>>? orElse = null)
    {
        if (jurisdiction.Prefix is not { } prefix)
        {
            return orElse is null ? query.Where(_ => false) : query.Where(orElse);
        }

        if (jurisdiction.SeesEverything)
        {
            return query;
        }

        var row = Expression.Parameter(typeof(T), "row");

        // A closure member, so EF Core sends the prefix as a parameter (one cached plan for every user).
        Expression<Func<string>> value = () => prefix;
        Expression? body = null;
        foreach (var path in orgPaths)
        {
            var test = Expression.Call(Rebind(path, row), StartsWith, value.Body);
            body = body is null ? test : Expression.OrElse(body, test);
        }

        if (orElse is not null)
        {
            var other = Rebind(orElse, row);
            body = body is null ? other : Expression.OrElse(body, other);
        }

        return query.Where(Expression.Lambda<Func<T, bool>>(body ?? Expression.Constant(false), row));
    }

    /// <summary><c>row => row.OrgPath</c> on the row's own property (not through the interface, for EF Core).</summary>
    public static Expression<Func<T, string>> OrgPathOf<T>()
        where T : IOrgScoped
    {
        var row = Expression.Parameter(typeof(T), "row");
        return Expression.Lambda<Func<T, string>>(Expression.Property(row, nameof(IOrgScoped.OrgPath)), row);
    }

    private static Expression Rebind(LambdaExpression lambda, ParameterExpression row)
        => new Rebinder(lambda.Parameters[0], row).Visit(lambda.Body);

    private sealed class Rebinder(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
