using Grassroots.ContentManagement;
using Grassroots.OrgUnits;
using Grassroots.Security;
using Microsoft.AspNetCore.Identity;

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
}
