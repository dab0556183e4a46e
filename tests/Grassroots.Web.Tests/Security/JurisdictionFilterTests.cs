using Grassroots.Data;
using Grassroots.Inspections.Models;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Grassroots.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Security;

/// <summary>
/// The one jurisdiction filter for org-scoped rows, on the real database: county sees all, a town its villages, a
/// village not its sibling, and neither a shorter code (<c>/370725/01</c> vs <c>/370725/010/</c>) nor a LIKE wildcard in
/// a path widens it. The filter is SQL (LIKE), not a filter after loading.
/// </summary>
public sealed class JurisdictionFilterTests
{
    private const string County = "/370725/";
    private const string Town = "/370725/01/";
    private const string Village = "/370725/01/0101/";
    private const string Sibling = "/370725/01/0102/";
    private const string TrapTown = "/370725/010/";
    private const string TrapVillage = "/370725/010/0101/";
    private const string Wildcard = "/370725/0_/";
    private const string Percent = "/370725/0%/";

    private static readonly string[] AllPaths = [County, Town, Village, Sibling, TrapTown, TrapVillage, Wildcard, Percent, ""];

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task The_filter_follows_the_tree_in_the_database(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        foreach (var path in AllPaths)
        {
            db.Set<InspectionComment>().Add(new InspectionComment
            {
                OrgUnitCode = "filter-test", OrgPath = path, UserName = "t", AuthorName = "t", Text = "filter-test " + path, CreatedUtc = DateTime.UtcNow,
            });
        }

        await db.SaveChangesAsync();
        var rows = db.Set<InspectionComment>().AsNoTracking().Where(c => c.OrgUnitCode == "filter-test");

        async Task<string[]> Seen(Jurisdiction j) => [.. (await rows.WithinJurisdiction(j).Select(c => c.OrgPath).ToListAsync()).Order(StringComparer.Ordinal)];

        // The county (root of the tree) sees every row, including the one of no unit.
        Assert.Equal(AllPaths.Order(StringComparer.Ordinal), await Seen(new Jurisdiction("370725", County)));
        Assert.Equal(AllPaths.Order(StringComparer.Ordinal), await Seen(Jurisdiction.Everything));

        // A town sees itself and its villages, not the town whose code merely begins with its own.
        Assert.Equal([Town, Village, Sibling], await Seen(new Jurisdiction("01", Town)));
        Assert.Equal([Town, Village, Sibling], await Seen(new Jurisdiction("01", "/370725/01")));

        // A village sees itself, not its sibling.
        Assert.Equal([Village], await Seen(new Jurisdiction("0101", Village)));

        // LIKE wildcards in a path are literal characters.
        Assert.Equal([Wildcard], await Seen(Jurisdiction.Under(Wildcard)));
        Assert.Equal([Percent], await Seen(Jurisdiction.Under(Percent)));

        // No jurisdiction: nothing.
        Assert.Empty(await Seen(Jurisdiction.None));

        // It is SQL: the prefix test is a LIKE in the statement.
        Assert.Contains("LIKE", rows.WithinJurisdiction(new Jurisdiction("01", Town)).ToQueryString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Org_units_and_a_second_path_column_use_the_same_filter(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;

        // 乔官镇 and its villages from the seeded tree; nothing of 宝都街道.
        var qiaoguan = await db.Set<OrgUnit>().AsNoTracking().SingleAsync(u => u.Code == "370725107");
        var units = await db.Set<OrgUnit>().AsNoTracking().WithinJurisdiction(new Jurisdiction(qiaoguan.Code, qiaoguan.Path)).ToListAsync();
        Assert.Contains(units, u => u.Code == "370725107277");
        Assert.All(units, u => Assert.True(Jurisdiction.IsUnder(u.Path, qiaoguan.Path), u.Path));
        Assert.DoesNotContain(units, u => u.Code == "370725001");

        // Several path columns and an "or else": a row matches when any path lies inside.
        db.Set<InspectionComment>().AddRange(
            new InspectionComment { OrgUnitCode = "two-paths", OrgPath = Village, UserName = "a", AuthorName = "a", Text = "a", CreatedUtc = DateTime.UtcNow },
            new InspectionComment { OrgUnitCode = "two-paths", OrgPath = TrapVillage, UserName = "b", AuthorName = "b", Text = "b", CreatedUtc = DateTime.UtcNow },
            new InspectionComment { OrgUnitCode = "two-paths", OrgPath = TrapTown, UserName = "c", AuthorName = "c", Text = "c", CreatedUtc = DateTime.UtcNow });
        await db.SaveChangesAsync();
        var rows = db.Set<InspectionComment>().AsNoTracking().Where(c => c.OrgUnitCode == "two-paths");
        var seen = await rows.WithinJurisdiction(new Jurisdiction("01", Town), [c => c.OrgPath, c => c.UserName], c => c.Text == "c")
            .Select(c => c.UserName).OrderBy(n => n).ToListAsync();
        Assert.Equal(["a", "c"], seen);
        Assert.Equal(["c"], await rows.WithinJurisdiction(Jurisdiction.None, [c => c.OrgPath], c => c.Text == "c").Select(c => c.UserName).ToListAsync());
    }

    [Fact]
    public void The_county_rule_and_the_ancestors_are_decided_by_the_path()
    {
        Assert.True(new Jurisdiction("370725", County).SeesEverything);
        Assert.True(Jurisdiction.Everything.SeesEverything);
        Assert.False(new Jurisdiction("01", Town).SeesEverything);
        Assert.False(Jurisdiction.None.SeesEverything);
        Assert.Equal([County, Town], new Jurisdiction("0101", Village).AncestorPaths);
        Assert.Empty(new Jurisdiction("370725", County).AncestorPaths);
        Assert.True(Jurisdiction.IsUnder(Village, "/370725/01"));
        Assert.False(Jurisdiction.IsUnder(TrapTown, "/370725/01"));
    }
}
