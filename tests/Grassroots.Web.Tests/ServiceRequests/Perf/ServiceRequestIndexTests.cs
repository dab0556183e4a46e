using Grassroots.Data;
using Grassroots.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.ServiceRequests.Perf;

/// <summary>Schema v2 of the ServiceRequests table: the KPI covering indexes and the partial overdue index exist on both providers.</summary>
public sealed class ServiceRequestIndexTests
{
    private static readonly string[] KpiTail =
        ["OrgPath", "ItemCode", "OfficeCode", "CurrentPointCode", "CompletedUtc", "OneVisit", "CompletedOnTime", "FollowUpUtc", "Satisfaction",
         "HandlingWorkingDays", "SupervisedUtc", "IsOverdue"];

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Kpi_covering_indexes_and_the_partial_overdue_index_replace_the_v1_indexes(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;

        var town = await DefinitionAsync(db, kind, "IX_ServiceRequests_Kpi_Town");
        Assert.NotNull(town);
        Assert.Contains(Columns(["TownCode", "Month", .. KpiTail]), Normalize(town));
        var month = await DefinitionAsync(db, kind, "IX_ServiceRequests_Kpi_Month");
        Assert.NotNull(month);
        Assert.Contains(Columns(["Month", "TownCode", .. KpiTail]), Normalize(month));

        var overdue = await DefinitionAsync(db, kind, "IX_ServiceRequests_Overdue");
        Assert.NotNull(overdue);
        Assert.Contains(Columns(["CurrentPointCode", "DueUtc"]), Normalize(overdue));
        Assert.Matches("WHERE \\(?\"IsOverdue\"\\)?$", Normalize(overdue).Trim());

        Assert.Null(await DefinitionAsync(db, kind, "IX_ServiceRequests_Month_TownCode"));
        Assert.Null(await DefinitionAsync(db, kind, "IX_ServiceRequests_IsOverdue_CurrentOrgPath"));
    }

    private static string Columns(string[] names) => "(" + string.Join(", ", names.Select(n => $"\"{n}\"")) + ")";

    private static string Normalize(string sql) => System.Text.RegularExpressions.Regex.Replace(sql, "\\s+", " ");

    private static async Task<string?> DefinitionAsync(DbContext db, DatabaseKind kind, string index)
    {
        var sql = kind == DatabaseKind.Postgres
            ? "SELECT indexdef AS \"Value\" FROM pg_indexes WHERE tablename = 'ServiceRequests' AND indexname = {0}"
            : "SELECT sql AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ServiceRequests' AND name = {0}";
        return (await db.Database.SqlQueryRaw<string>(sql, index).ToListAsync()).SingleOrDefault();
    }
}
