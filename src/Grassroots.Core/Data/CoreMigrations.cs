using Grassroots.ContentManagement;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Data;

/// <summary>The platform's own tables.</summary>
internal sealed class CoreMigrations : DataMigration
{
    public override async Task<int> CreateAsync()
    {
        await SchemaBuilder.CreateTablesForAsync(
            typeof(FeatureRecord),
            typeof(ContentDefinitionRecord),
            typeof(SiteSettingRecord),
            typeof(RecipeRunRecord),
            typeof(DataProtectionKeyRecord),
            typeof(OrgUnit),
            typeof(ContentItemRecord),
            typeof(ContentFieldIndex));
        await SchemaBuilder.CreateTablesForAsync(
            typeof(GrassrootsRole),
            typeof(GrassrootsUser),
            typeof(IdentityRoleClaim<string>),
            typeof(IdentityUserClaim<string>),
            typeof(IdentityUserLogin<string>),
            typeof(IdentityUserRole<string>),
            typeof(IdentityUserToken<string>));
        return 1;
    }

    /// <summary>Audit trail and sensitive-data reveals.</summary>
    public async Task<int> UpdateFrom1Async()
    {
        await SchemaBuilder.CreateTablesForAsync(typeof(Audit.AuditEntryRecord), typeof(SensitiveRevealRecord));
        return 2;
    }

    /// <summary>Business calendar (工作日历).</summary>
    public async Task<int> UpdateFrom2Async()
    {
        await SchemaBuilder.CreateTablesForAsync(typeof(Calendar.CalendarDayRecord));
        return 3;
    }

    /// <summary>
    /// Users: <c>MustChangePassword</c> (a password set by someone else must be changed at the next sign-in). A database
    /// created from scratch already has the column (<see cref="CreateAsync"/> builds the user table from the current
    /// model), so the column is added only where it is missing.
    /// </summary>
    public async Task<int> UpdateFrom3Async()
    {
        if (!await ColumnExistsAsync("AspNetUsers", nameof(GrassrootsUser.MustChangePassword)))
        {
            await SchemaBuilder.ExecuteAsync(m => m.AddColumn<bool>(nameof(GrassrootsUser.MustChangePassword), "AspNetUsers", nullable: false, defaultValue: false));
        }

        return 4;
    }

    private async Task<bool> ColumnExistsAsync(string table, string column)
    {
        var sql = SchemaBuilder.IsPostgres
            ? "SELECT COUNT(*)::int AS \"Value\" FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = {0} AND column_name = {1}"
            : "SELECT COUNT(*) AS \"Value\" FROM pragma_table_info({0}) WHERE name = {1}";
        return (await SchemaBuilder.DbContext.Database.SqlQueryRaw<int>(sql, table, column).ToListAsync()).Single() > 0;
    }
}
