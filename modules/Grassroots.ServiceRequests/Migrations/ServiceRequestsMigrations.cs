using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.ServiceRequests.Models;

/// <summary>Schema of the service-request feature.</summary>
internal sealed class ServiceRequestsMigrations : DataMigration
{
    public override async Task<int> CreateAsync()
    {
        await SchemaBuilder.CreateTablesForAsync(typeof(ServicePoint), typeof(ServiceAuthority), typeof(ServicePointStaff),
            typeof(ServiceRequestRecord), typeof(ServiceRequestEvent), typeof(ServiceRequestTracking));
        return 3;
    }

    /// <summary>
    /// KPI covering indexes (by town, by month; the month one replaces (Month, TownCode)) and a partial index of the
    /// overdue rows for the 督办清单 (replaces (IsOverdue, CurrentOrgPath), which the SQLite planner ignored).
    /// </summary>
    public async Task<int> UpdateFrom1Async()
    {
        await SchemaBuilder.ExecuteAsync(m =>
        {
            m.DropIndex("IX_ServiceRequests_IsOverdue_CurrentOrgPath", "ServiceRequests");
            m.DropIndex("IX_ServiceRequests_Month_TownCode", "ServiceRequests");
            m.CreateIndex(ServiceRequestsModel.OverdueIndex, "ServiceRequests", ["CurrentPointCode", "DueUtc"], filter: ServiceRequestsModel.OverdueFilter);
            m.CreateIndex(ServiceRequestsModel.KpiTownIndex, "ServiceRequests", ServiceRequestsModel.KpiColumns("TownCode", "Month"));
            m.CreateIndex(ServiceRequestsModel.KpiMonthIndex, "ServiceRequests", ServiceRequestsModel.KpiColumns("Month", "TownCode"));
        });
        return 2;
    }

    /// <summary>
    /// The private tracking secrets (查询密码). Requests registered before have no row: their receipt code no longer opens
    /// tracking; staff re-print the receipt, which issues a secret (decision 0011).
    /// </summary>
    public async Task<int> UpdateFrom2Async()
    {
        await SchemaBuilder.CreateTablesForAsync(typeof(ServiceRequestTracking));
        return 3;
    }
}
