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

        // The engine: expressions (Liquid, JavaScript), the executor and the built-in activities.
        services.AddOptions<Expressions.ScriptOptions>().BindConfiguration("Workflows:Scripts");
        services.AddOptions<Expressions.LiquidTemplateOptions>().BindConfiguration("Workflows:Templates");
        services.AddSingleton<Expressions.LiquidEvaluator>();
        services.AddSingleton<Expressions.JavaScriptEvaluator>();
        services.AddSingleton<Expressions.IExpressionEvaluator, Expressions.ExpressionEvaluator>();
        services.AddScoped<IWorkflowExecutor, Execution.WorkflowExecutor>();
        services.AddActivity<StartActivity>();
        services.AddActivity<SetPropertyActivity>();
        services.AddActivity<IfElseActivity>();
        services.AddActivity<ScriptActivity>();
        services.AddActivity<SignalActivity>();
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
