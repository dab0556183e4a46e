using Grassroots.ContentManagement;
using Grassroots.Navigation;
using Grassroots.Security;
using Grassroots.Workflows.Activities;
using Grassroots.Workflows.Models;
using Grassroots.Workflows.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Workflows;

/// <summary>Workflow persistence, events, sweep, activities, designer, inbox and API.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddModelConfiguration<WorkflowsModel>();
        services.AddDataMigration<WorkflowsMigrations>();
        services.AddPermissionProvider<WorkflowPermissions>();
        services.AddNavigationProvider<WorkflowsAdminMenu>();
        services.AddOptions<WorkflowEngineOptions>().BindConfiguration("Workflows");
        services.AddScoped<IWorkflowStore, EfWorkflowStore>();
        services.AddScoped<WorkflowManager>();
        services.AddScoped<IWorkflowManager>(sp => sp.GetRequiredService<WorkflowManager>());
        services.AddScoped<IWorkflowContextProvider, WorkflowContextProvider>();
        services.AddScoped<WorkflowTypeService>();
        services.AddScoped<WorkflowInstanceService>();
        services.AddScoped<WorkflowTaskService>();
        services.AddScoped<WorkflowSensitiveData>();
        services.AddRecipeStep<WorkflowTypeStep>();
        services.AddPeriodicJob<WorkflowSweepService>();

        // Activities, notifications and content events.
        services.AddActivity<ContentCreatedEvent>();
        services.AddActivity<ContentUpdatedEvent>();
        services.AddActivity<ContentPublishedEvent>();
        services.AddActivity<ContentDeletedEvent>();
        services.AddActivity<UserTaskActivity>();
        services.AddActivity<TimerEvent>();
        services.AddActivity<DeadlineEvent>();
        services.AddActivity<SetDeadlineActivity>();
        services.AddActivity<SwitchActivity>();
        services.AddActivity<ForkActivity>();
        services.AddActivity<JoinActivity>();
        services.AddActivity<SetFieldActivity>();
        services.AddActivity<CreateContentActivity>();
        services.AddActivity<NotifyActivity>();
        services.AddActivity<AssignActivity>();
        services.AddActivity<EscalateActivity>();
        services.AddActivity<LogActivity>();
        services.AddActivity<HttpRequestActivity>();
        services.AddScoped<NotificationService>();
        services.AddScoped<INotificationSender>(sp => sp.GetRequiredService<NotificationService>());
        services.AddOutboxHandler<WorkflowContentEventHandler>();
        services.AddOutboxHandler<WorkflowEventOutboxHandler>();
        services.AddHttpClient(HttpRequestActivity.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false });
    }
}

/// <summary>Permissions of the workflows feature.</summary>
public sealed class WorkflowPermissions : IPermissionProvider
{
    /// <summary>Design, import, export, enable workflow types; cancel and retry instances (管理工作流).</summary>
    public static readonly Permission ManageWorkflows = new("ManageWorkflows", "管理工作流（设计、导入导出、启停，取消和重试实例）", "工作流");

    /// <summary>See workflow instances inside the jurisdiction (查看工作流实例).</summary>
    public static readonly Permission ViewWorkflows = new("ViewWorkflows", "查看辖区内的工作流实例", "工作流");

    public IEnumerable<Permission> GetPermissions() => [ManageWorkflows, ViewWorkflows];

}

/// <summary>流程 → 工作流 / 我的待办 / 通知.</summary>
internal sealed class WorkflowsAdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.Add("流程", position: 25, icon: "bi-diagram-3", children: c =>
            {
                c.Add("我的待办", "/admin/tasks", position: 1, icon: "bi-check2-square");
                c.Add("通知", "/admin/notifications", position: 2, icon: "bi-bell");
                c.Add("工作流类型", "/admin/workflows/types", position: 10, permission: WorkflowPermissions.ManageWorkflows, icon: "bi-diagram-3");
                c.Add("工作流实例", "/admin/workflows/instances", position: 20, permission: WorkflowPermissions.ViewWorkflows, icon: "bi-list-check");
            });
        }

        return ValueTask.CompletedTask;
    }
}
