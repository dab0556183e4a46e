using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Workflows.Models;

/// <summary>Schema of the workflows feature.</summary>
internal sealed class WorkflowsMigrations : DataMigration
{
    public override async Task<int> CreateAsync()
    {
        await SchemaBuilder.CreateTablesForAsync(typeof(WorkflowTypeRecord), typeof(WorkflowTypeVersionRecord),
            typeof(WorkflowInstanceRecord), typeof(WorkflowBlockingRecord), typeof(NotificationRecord));
        return 2;
    }

    /// <summary>Work queues on tasks (service windows).</summary>
    public async Task<int> UpdateFrom1Async()
    {
        await SchemaBuilder.ExecuteAsync(m =>
        {
            m.AddColumn<string>("TaskQueue", "WorkflowBlockings", maxLength: 100, nullable: true);
            m.CreateIndex("IX_WorkflowBlockings_IsTask_TaskQueue", "WorkflowBlockings", ["IsTask", "TaskQueue"]);
        });
        return 2;
    }
}
