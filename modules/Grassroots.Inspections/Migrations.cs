using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Inspections.Models;

/// <summary>Schema of the inspections feature.</summary>
internal sealed class InspectionsMigrations : DataMigration
{
    public override async Task<int> CreateAsync()
    {
        await SchemaBuilder.CreateTablesForAsync(typeof(InspectionComment));
        return 1;
    }
}
