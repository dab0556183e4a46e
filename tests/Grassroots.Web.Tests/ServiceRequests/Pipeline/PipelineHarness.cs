using System.Security.Claims;
using Grassroots.Data;
using Grassroots.Security;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Security;
using Grassroots.Tests.Workflows;
using Grassroots.Workflows;
using Grassroots.Workflows.Models;
using Grassroots.Workflows.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Grassroots.Tests.ServiceRequests.Pipeline;

/// <summary>
/// The app with a fake clock on the recipe's service network and demo guides, staff for 宝都街道 (centre, room, 恒盛社区
/// station, room windows, a centre window); helpers to act as a user, read tasks, instances and notifications.
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    public const string Centre = "370725-C";
    public const string Room = "370725001-R";
    public const string Station = "370725001036-S";
    public const string MzWindow = "370725001-R-W-MZ";
    public const string SbWindow = "370725001-R-W-SB";
    public const string CentreSbWindow = "370725-C-W-SB";

    /// <summary>即办: 社会保障卡补办 (the station, the centre's SB window and the room SB windows).</summary>
    public const string ImmediateItem = "CL-SB-005";

    /// <summary>承诺 5 working days: 临时救助申请 (the MZ windows).</summary>
    public const string AidItem = "CL-MZ-003";

    /// <summary>承诺 10 working days: 城乡居民最低生活保障申请 (the MZ windows; the 恒盛社区 station in these tests).</summary>
    public const string LowIncomeItem = "CL-MZ-001";

    /// <summary>
    /// The tests jump the fake clock by days and run the sweeps themselves; the background supervision sweep (on the same
    /// clock) is off so it cannot supervise a request before the test does.
    /// </summary>
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Workflows:SweepInterval"] = "30.00:00:00",
        ["ServiceRequests:SupervisionInterval"] = "00:00:00",
    };

    private PipelineHarness(GrassrootsFactory factory, FakeTimeProvider clock)
    {
        Factory = factory;
        Clock = clock;
    }

    public GrassrootsFactory Factory { get; }

    public FakeTimeProvider Clock { get; }

    public static DateTimeOffset Cst(int year, int month, int day, int hour, int minute = 0) => EngineTests.CstTime(year, month, day, hour, minute);

    /// <summary>The end of a CST day as UTC (the deadline instant of a due date).</summary>
    public static DateTime EndOf(int year, int month, int day) => new DateTime(year, month, day, 16, 0, 0, DateTimeKind.Utc);

    public static async Task<PipelineHarness> CreateAsync(DatabaseKind kind, DateTimeOffset start)
    {
        var clock = new FakeTimeProvider(start);
        var factory = await GrassrootsFactory.CreateAsync(kind, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
        }, Settings);
        await EngineTests.StartedAsync(factory);
        var harness = new PipelineHarness(factory, clock);
        await harness.SeedAsync();
        return harness;
    }

    private async Task SeedAsync()
    {
        await JurisdictionTestUsers.CreateAsync(Factory, "hs-clerk", "370725001036", "VillageStaff");
        await JurisdictionTestUsers.CreateAsync(Factory, "bd-disp", "370725001", "TownStaff");
        await JurisdictionTestUsers.CreateAsync(Factory, "bd-staff", "370725001", "TownStaff");
        await JurisdictionTestUsers.CreateAsync(Factory, "mz-clerk", "370725001", "TownStaff");
        await JurisdictionTestUsers.CreateAsync(Factory, "sb-clerk", "370725001", "TownStaff");
        await JurisdictionTestUsers.CreateAsync(Factory, "c-disp", "370725", "TownStaff");
        await JurisdictionTestUsers.CreateAsync(Factory, "c-sb", "370725", "TownStaff");

        // The network and the guides come from the recipe (serviceNetwork step and demo guides); the station also gets 低保.
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        Assert.True(await db.Set<ServicePoint>().AnyAsync(p => p.Code == Station));
        db.Set<ServiceAuthority>().Add(new ServiceAuthority { PointCode = Station, ItemCode = LowIncomeItem });
        db.Set<ServicePointStaff>().AddRange(
            new ServicePointStaff { PointCode = Station, UserName = "hs-clerk" },
            new ServicePointStaff { PointCode = Room, UserName = "bd-disp", IsDispatcher = true },
            new ServicePointStaff { PointCode = Room, UserName = "bd-staff" },
            new ServicePointStaff { PointCode = MzWindow, UserName = "mz-clerk" },
            new ServicePointStaff { PointCode = SbWindow, UserName = "sb-clerk" },
            new ServicePointStaff { PointCode = Centre, UserName = "c-disp", IsDispatcher = true },
            new ServicePointStaff { PointCode = CentreSbWindow, UserName = "c-sb" });
        await db.SaveChangesAsync();
    }

    public async Task<ClaimsPrincipal> PrincipalAsync(IServiceProvider services, string userName)
    {
        var users = services.GetRequiredService<UserManager<GrassrootsUser>>();
        var user = await users.FindByNameAsync(userName);
        Assert.NotNull(user);
        return await services.GetRequiredService<IUserClaimsPrincipalFactory<GrassrootsUser>>().CreateAsync(user);
    }

    /// <summary>Runs a pipeline command as <paramref name="userName"/> (null: the resident online) in a fresh scope.</summary>
    public async Task<PipelineResult> ActAsync(string? userName, Func<IServiceRequestPipeline, ClaimsPrincipal?, Task<PipelineResult>> command)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var principal = userName is null ? null : await PrincipalAsync(scope.ServiceProvider, userName);
        return await command(scope.ServiceProvider.GetRequiredService<IServiceRequestPipeline>(), principal);
    }

    /// <summary>Like <see cref="ActAsync"/>, asserting success.</summary>
    public async Task<ServiceRequestRecord> OkAsync(string? userName, Func<IServiceRequestPipeline, ClaimsPrincipal?, Task<PipelineResult>> command)
    {
        var result = await ActAsync(userName, command);
        Assert.True(result.Succeeded, result.Error + " " + string.Join("; ", result.FieldErrors?.Select(e => $"{e.Key}={e.Value}") ?? []));
        return result.Request!;
    }

    public async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<ServiceRequestRecord> RecordAsync(string id) =>
        WithAsync(async sp => (await sp.GetRequiredService<IServiceRequestPipeline>().FindAsync(id, default))!);

    public Task<IReadOnlyList<ServiceRequestEvent>> EventsAsync(string id) =>
        WithAsync(sp => sp.GetRequiredService<IServiceRequestPipeline>().GetEventsAsync(id, default));

    public async Task<string[]> EventKindsAsync(string id) => [.. (await EventsAsync(id)).Select(e => e.Kind)];

    /// <summary>The user's open tasks in 我的待办.</summary>
    public Task<IReadOnlyList<WorkflowTaskView>> TasksAsync(string userName) =>
        WithAsync(async sp => await sp.GetRequiredService<WorkflowTaskService>().ListAsync(await PrincipalAsync(sp, userName), null, default));

    /// <summary>The single workflow instance of the request.</summary>
    public Task<WorkflowInstance> InstanceAsync(string requestId) => WithAsync(async sp =>
    {
        var db = sp.GetRequiredService<IDbContextAccessor>().DbContext;
        var id = Assert.Single(await db.Set<WorkflowInstanceRecord>().AsNoTracking().Where(i => i.CorrelationId == requestId).Select(i => i.Id).ToListAsync());
        return (await sp.GetRequiredService<IWorkflowStore>().GetInstanceAsync(id))!;
    });

    /// <summary>The activity ids the request's instance waits at.</summary>
    public async Task<string[]> WaitingAtAsync(string requestId)
    {
        var instance = await InstanceAsync(requestId);
        Assert.True(instance.Status == WorkflowStatus.Waiting, $"Instance is {instance.Status}: {instance.FaultMessage}");
        return [.. instance.BlockingActivityIds];
    }

    public Task<List<string>> NotificationTitlesAsync(string userName) => WithAsync(async sp =>
        await sp.GetRequiredService<IDbContextAccessor>().DbContext.Set<NotificationRecord>().AsNoTracking()
            .Where(n => n.UserName == userName).OrderBy(n => n.Id).Select(n => n.Title).ToListAsync());

    public Task<int> SweepAsync() => WithAsync(sp => sp.GetRequiredService<IWorkflowManager>().RunDueAsync());

    public static RegisterServiceRequest Register(string itemCode, string? point, string? onSpot = null) => new()
    {
        ItemCode = itemCode,
        Channel = ServiceChannel.Window,
        PointCode = point,
        RequesterName = "王秀英",
        RequesterPhone = "13953612345",
        Description = "申请办理，材料已带齐。",
        OrgUnitCode = "370725001036",
        CompleteOnSpotResult = onSpot,
    };

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
