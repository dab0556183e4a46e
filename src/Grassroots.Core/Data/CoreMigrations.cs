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

    /// <summary>Was: the business calendar's table, now created by the Calendar module's own migrations.</summary>
    public Task<int> UpdateFrom2Async() => Task.FromResult(3);

    /// <summary>
    /// Users: <c>MustChangePassword</c> (a password set by someone else must be changed at the next sign-in). A database
    /// created from scratch already has the column (<see cref="CreateAsync"/> builds the user table from the current
    /// model), so the column is added only where it is missing.
    /// </summary>
    public async Task<int> UpdateFrom3Async()
    {
        if (!await SchemaBuilder.ColumnExistsAsync("AspNetUsers", nameof(GrassrootsUser.MustChangePassword)))
        {
            await SchemaBuilder.ExecuteAsync(m => m.AddColumn<bool>(nameof(GrassrootsUser.MustChangePassword), "AspNetUsers", nullable: false, defaultValue: false));
        }

        return 4;
    }
}
