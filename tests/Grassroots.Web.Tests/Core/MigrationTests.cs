using Grassroots.ContentManagement;
using Grassroots.Data;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Grassroots.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Core;

public sealed class MigrationTests
{
    private const string CoreMigrations = "Grassroots.Data.CoreMigrations";

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Start_up_creates_the_core_tables_and_records_the_migration_version(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;

        // Every core table answers a query; the setup recipe filled the ones it seeds.
        Assert.True(await db.Set<FeatureRecord>().AnyAsync());
        Assert.True(await db.Set<ContentDefinitionRecord>().AnyAsync());
        Assert.True(await db.Set<SiteSettingRecord>().AnyAsync());
        Assert.True(await db.Set<RecipeRunRecord>().AnyAsync());
        await db.Set<DataProtectionKeyRecord>().ToListAsync(); // the table exists (no key is required yet)
        Assert.Equal(405, await db.Set<OrgUnit>().CountAsync());
        Assert.True(await db.Set<ContentItemRecord>().AnyAsync());
        Assert.True(await db.Set<ContentFieldIndex>().AnyAsync());
        Assert.Equal(1, await db.Set<GrassrootsUser>().CountAsync());
        Assert.True(await db.Set<GrassrootsRole>().AnyAsync());

        var migration = await db.Set<DataMigrationRecord>().AsNoTracking().SingleAsync(r => r.Name == CoreMigrations);
        Assert.Equal(4, migration.Version); // CreateAsync → 1, UpdateFrom1Async → 2, UpdateFrom2Async → 3, UpdateFrom3Async → 4
        Assert.Equal(1, await db.Set<DataMigrationRecord>().CountAsync(r => r.Name == CoreMigrations));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Restarting_on_the_same_database_runs_nothing_twice(DatabaseKind kind)
    {
        var database = await TestDatabase.CreateAsync(kind);
        Snapshot first;
        await using (var factory = new GrassrootsFactory(database, ownsDatabase: false))
        {
            first = await SnapshotAsync(factory);
        }

        Assert.Equal(405, first.OrgUnits);
        Assert.Equal(1, first.Users);
        Assert.Contains((CoreMigrations, 4), first.Migrations.Select(m => (m.Name, m.Version)));

        await using (var factory = new GrassrootsFactory(database))
        {
            var second = await SnapshotAsync(factory);
            Assert.Equal(first.OrgUnits, second.OrgUnits);
            Assert.Equal(first.ContentItems, second.ContentItems);
            Assert.Equal(first.Users, second.Users);
            Assert.Equal(first.RecipeRuns, second.RecipeRuns);
            Assert.Equal(first.Definitions, second.Definitions);

            // Same migrations at the same versions, none re-run (their timestamps are untouched).
            Assert.Equal(
                first.Migrations.Select(m => (m.Name, m.Version, m.ModifiedUtc)).OrderBy(m => m.Name, StringComparer.Ordinal),
                second.Migrations.Select(m => (m.Name, m.Version, m.ModifiedUtc)).OrderBy(m => m.Name, StringComparer.Ordinal));
        }
    }

    private static async Task<Snapshot> SnapshotAsync(GrassrootsFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        return new Snapshot(
            await db.Set<OrgUnit>().CountAsync(),
            await db.Set<ContentItemRecord>().CountAsync(),
            await db.Set<GrassrootsUser>().CountAsync(),
            await db.Set<RecipeRunRecord>().CountAsync(),
            await db.Set<ContentDefinitionRecord>().CountAsync(),
            await db.Set<DataMigrationRecord>().AsNoTracking().ToListAsync());
    }

    private sealed record Snapshot(int OrgUnits, int ContentItems, int Users, int RecipeRuns, int Definitions, List<DataMigrationRecord> Migrations);
}
