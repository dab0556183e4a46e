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
/// The app with a fake clock, a small service network of 宝都街道 (centre, room, 恒盛社区 station, two room windows and a
/// centre window), its staff and three guides; helpers to act as a user, read tasks, instances and notifications.
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    public const string Centre = "370725-C";
    public const string Room = "370725001-R";
    public const string Station = "370725001036-S";
    public const string MzWindow = "370725001-R-W-MZ";
    public const string SbWindow = "370725001-R-W-SB";
    public const string CentreSbWindow = "370725-C-W-SB";

    /// <summary>即办: 居住证明 (the station and the MZ window may handle it).</summary>
    public const string ImmediateItem = "SR-JB-001";

    /// <summary>承诺 5 working days: 临时救助 (MZ window only).</summary>
    public const string AidItem = "SR-CN-005";

    /// <summary>承诺 10 working days: 养老保险登记 (the station and the SB window).</summary>
    public const string PensionItem = "SR-CN-010";

    private static readonly Dictionary<string, string?> Settings = new() { ["Workflows:SweepInterval"] = "30.00:00:00" };

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
            services.AddScoped<IServiceCatalog, PipelineTestCatalog>();
            services.AddScoped<ITaskQueueMembership, PipelineTestQueues>();
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

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        db.Set<ServicePoint>().AddRange(
            Point(Centre, "县群众工作中心", ServicePointKind.CountyCenter, "370725", "/370725/", null),
            Point(Room, "宝都街道群众工作室", ServicePointKind.TownRoom, "370725001", "/370725/370725001/", Centre),
            Point(Station, "恒盛社区群众工作站", ServicePointKind.VillageStation, "370725001036", "/370725/370725001/370725001036/", Room),
            Point(MzWindow, "民政窗口", ServicePointKind.Window, "370725001", "/370725/370725001/", Room),
            Point(SbWindow, "社保窗口", ServicePointKind.Window, "370725001", "/370725/370725001/", Room),
            Point(CentreSbWindow, "县社保窗口", ServicePointKind.Window, "370725", "/370725/", Centre));
        db.Set<ServiceAuthority>().AddRange(
            new ServiceAuthority { PointCode = Station, ItemCode = ImmediateItem },
            new ServiceAuthority { PointCode = MzWindow, ItemCode = ImmediateItem },
            new ServiceAuthority { PointCode = MzWindow, ItemCode = AidItem },
            new ServiceAuthority { PointCode = Station, ItemCode = PensionItem },
            new ServiceAuthority { PointCode = SbWindow, ItemCode = PensionItem },
            new ServiceAuthority { PointCode = CentreSbWindow, ItemCode = PensionItem });
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

    private static ServicePoint Point(string code, string name, ServicePointKind kind, string unit, string path, string? parent) =>
        new() { Code = code, Name = name, Kind = kind, OrgUnitCode = unit, OrgPath = path, ParentCode = parent, Enabled = true };

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

/// <summary>The catalogue over the network tables, with fixed published guides.</summary>
internal sealed class PipelineTestCatalog(IDbContextAccessor accessor) : IServiceCatalog
{
    public static readonly IReadOnlyList<ServiceGuideInfo> Guides =
    [
        new("guide-jb-001", PipelineHarness.ImmediateItem, "居住证明开具", PipelineHarness.Room, null, "370725001", true, 0, ["身份证"], "免费", null),
        new("guide-cn-005", PipelineHarness.AidItem, "临时救助申请", PipelineHarness.Room, PipelineHarness.MzWindow, "370725001", false, 5, ["申请书", "身份证"], "免费", null),
        new("guide-cn-010", PipelineHarness.PensionItem, "城乡居民养老保险登记", PipelineHarness.Room, PipelineHarness.SbWindow, "370725001", false, 10, ["户口簿", "身份证"], "免费", null),
    ];

    private DbContext Db => accessor.DbContext;

    public Task<ServicePoint?> FindPointAsync(string code, CancellationToken cancellationToken) =>
        Db.Set<ServicePoint>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, cancellationToken);

    public async Task<IReadOnlyList<ServicePointStaffView>> GetUserPointsAsync(string userName, CancellationToken cancellationToken)
    {
        var staff = await Db.Set<ServicePointStaff>().AsNoTracking().Where(s => s.UserName == userName).ToListAsync(cancellationToken);
        var codes = staff.Select(s => s.PointCode).ToList();
        var points = await Db.Set<ServicePoint>().AsNoTracking().Where(p => codes.Contains(p.Code) && p.Enabled).ToListAsync(cancellationToken);
        return [.. points.Select(p => new ServicePointStaffView(p, staff.First(s => s.PointCode == p.Code).IsDispatcher))];
    }

    public Task<bool> HasAuthorityAsync(string pointCode, string itemCode, CancellationToken cancellationToken) =>
        Db.Set<ServiceAuthority>().AnyAsync(a => a.PointCode == pointCode && a.ItemCode == itemCode, cancellationToken);

    public async Task<IReadOnlyList<ServicePoint>> FindWindowsAsync(string parentPointCode, string? itemCode, CancellationToken cancellationToken) =>
        await Db.Set<ServicePoint>().AsNoTracking().Where(p => p.ParentCode == parentPointCode && p.Kind == ServicePointKind.Window).ToListAsync(cancellationToken);

    public Task<ServiceGuideInfo?> FindGuideAsync(string itemCode, CancellationToken cancellationToken) =>
        Task.FromResult(Guides.FirstOrDefault(g => g.ItemCode == itemCode));

    public Task<IReadOnlyList<ServiceGuideInfo>> ListGuidesAsync(string? officeCode, string? text, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ServiceGuideInfo>>([.. Guides.Where(g => officeCode is null || g.OfficeCode == officeCode)]);
}

/// <summary>Work queues "sp:{point}" of the points a user staffs.</summary>
internal sealed class PipelineTestQueues(IDbContextAccessor accessor) : ITaskQueueMembership
{
    public async Task<IReadOnlyCollection<string>> GetQueuesAsync(string userName, CancellationToken cancellationToken) =>
        await accessor.DbContext.Set<ServicePointStaff>().AsNoTracking().Where(s => s.UserName == userName)
            .Select(s => "sp:" + s.PointCode).ToListAsync(cancellationToken);
}
