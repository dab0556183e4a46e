using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Data;
using Grassroots.Localization;
using Grassroots.OrgUnits;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.ServiceRequests.Open311;

/// <summary>
/// Stand-ins for the catalogue and the pipeline, used only while the module does not register its own (the helpers build
/// them in parallel): the same contracts over the same tables, with a simplified state machine.
/// </summary>
internal static class Open311Fakes
{
    public static void AddWhenMissing(IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(IServiceCatalog)))
        {
            services.AddScoped<IServiceCatalog, FakeCatalog>();
        }

        if (!services.Any(d => d.ServiceType == typeof(IServiceRequestPipeline)))
        {
            services.AddScoped<IServiceRequestPipeline, FakePipeline>();
        }
    }

    private static readonly ServicePoint[] Points =
    [
        new() { Code = "370725-C", Name = "县群众工作中心", Kind = ServicePointKind.CountyCenter, OrgUnitCode = "370725", OrgPath = "/370725/" },
        new() { Code = "370725-C-W-SB", Name = "社保窗口", Kind = ServicePointKind.Window, OrgUnitCode = "370725", OrgPath = "/370725/", ParentCode = "370725-C", Department = "社保" },
        new() { Code = "370725107-R", Name = "乔官镇群众工作室", Kind = ServicePointKind.TownRoom, OrgUnitCode = "370725107", OrgPath = "/370725/370725107/", ParentCode = "370725-C" },
        new() { Code = "370725107-R-W-MZ", Name = "民政窗口", Kind = ServicePointKind.Window, OrgUnitCode = "370725107", OrgPath = "/370725/370725107/", ParentCode = "370725107-R", Department = "民政" },
    ];

    private static readonly ServiceGuideInfo[] Guides =
    [
        new("guide-mz-001", "MZ-001", "临时救助申请", "370725107-R", "370725107-R-W-MZ", "370725107", false, 5, ["身份证", "户口簿", "困难情况说明"], "免费", "0536-6212345"),
        new("guide-sb-002", "SB-002", "社保卡补领", "370725-C", "370725-C-W-SB", "370725", true, 0, ["身份证"], "免费", null),
    ];

    private sealed class FakeCatalog : IServiceCatalog
    {
        public Task<ServicePoint?> FindPointAsync(string code, CancellationToken cancellationToken)
            => Task.FromResult(Points.FirstOrDefault(p => p.Code == code));

        public Task<IReadOnlyList<ServicePointStaffView>> GetUserPointsAsync(string userName, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<ServicePointStaffView>>([]);

        public Task<bool> HasAuthorityAsync(string pointCode, string itemCode, CancellationToken cancellationToken)
            => Task.FromResult(Guides.Any(g => g.ItemCode == itemCode && g.WindowCode == pointCode));

        public Task<IReadOnlyList<ServicePoint>> FindWindowsAsync(string parentPointCode, string? itemCode, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<ServicePoint>>(Points.Where(p => p.ParentCode == parentPointCode && p.Kind == ServicePointKind.Window).ToList());

        public Task<ServiceGuideInfo?> FindGuideAsync(string itemCode, CancellationToken cancellationToken)
            => Task.FromResult(Guides.FirstOrDefault(g => g.ItemCode == itemCode));

        public Task<IReadOnlyList<ServiceGuideInfo>> ListGuidesAsync(string? officeCode, string? text, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<ServiceGuideInfo>>(Guides.ToList());
    }

    private sealed class FakePipeline(IDbContextAccessor db, IContentManager contents, IContentDefinitionManager definitions,
        IServiceCatalog catalog, IOrgUnitService orgUnits, TimeProvider clock) : IServiceRequestPipeline
    {
        private DbContext Db => db.DbContext;

        public async Task<PipelineResult> RegisterAsync(ClaimsPrincipal? user, RegisterServiceRequest command, CancellationToken cancellationToken)
        {
            var guide = await catalog.FindGuideAsync(command.ItemCode, cancellationToken);
            if (guide is null)
            {
                return new PipelineResult(null, "事项不存在");
            }

            if (string.IsNullOrWhiteSpace(command.Description))
            {
                return new PipelineResult(null, "请检查输入", new Dictionary<string, string> { ["ServiceRequest.Description"] = "「诉求内容」不能为空" });
            }

            if (await definitions.GetTypeDefinitionAsync("ServiceRequest", cancellationToken) is null)
            {
                await definitions.StoreTypeDefinitionAsync(new ContentTypeDefinition
                {
                    Name = "ServiceRequest",
                    DisplayName = "服务诉求",
                    Fields =
                    [
                        new ContentFieldDefinition { Name = "Description", DisplayName = "诉求内容", Kind = ContentFieldKinds.MultilineText },
                        new ContentFieldDefinition { Name = "RequesterName", DisplayName = "姓名", Kind = ContentFieldKinds.Text },
                        new ContentFieldDefinition { Name = "RequesterPhone", DisplayName = "联系电话", Kind = ContentFieldKinds.Phone },
                    ],
                }, cancellationToken);
            }

            var item = await contents.NewAsync("ServiceRequest", cancellationToken);
            item.SetFieldValue("ServiceRequest", "Description", command.Description);
            item.SetFieldValue("ServiceRequest", "RequesterName", command.RequesterName);
            item.SetFieldValue("ServiceRequest", "RequesterPhone", command.RequesterPhone);
            item.OrgUnitCode = command.OrgUnitCode ?? guide.OrgUnitCode;
            var saved = await contents.CreateAsync(item, VersionOptions.Published, cancellationToken);
            if (saved.Status != ContentSaveStatus.Succeeded)
            {
                return new PipelineResult(null, saved.Message ?? "保存失败", saved.Errors.ToDictionary(e => e.Key, e => string.Join("；", e.Value)));
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var today = BusinessTime.ToBusinessDate(now);
            var unit = await orgUnits.GetAsync(item.OrgUnitCode, cancellationToken);
            DateOnly? due = guide.IsImmediate ? null : today.AddDays(guide.TimeLimitDays);
            var record = new ServiceRequestRecord
            {
                ContentItemId = item.ContentItemId,
                ReceiptCode = today.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Convert.ToHexString(Guid.NewGuid().ToByteArray())[..6],
                ItemCode = guide.ItemCode,
                ItemName = guide.ItemName,
                GuideContentItemId = guide.GuideContentItemId,
                Channel = command.Channel,
                InitialClass = guide.IsImmediate ? ServiceClass.Immediate : ServiceClass.Promised,
                Class = guide.IsImmediate ? ServiceClass.Immediate : ServiceClass.Promised,
                Stage = ServiceStage.AwaitingDispatch,
                RegisteredPointCode = guide.OfficeCode,
                CurrentPointCode = guide.OfficeCode,
                CurrentOrgPath = unit?.Path ?? "",
                TownCode = item.OrgUnitCode[..Math.Min(9, item.OrgUnitCode.Length)],
                OrgUnitCode = item.OrgUnitCode,
                OrgPath = unit?.Path ?? "",
                RegisteredUtc = now,
                RegisteredDate = today,
                Month = today.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                TimeLimitDays = guide.TimeLimitDays,
                DueDate = due,
                DueUtc = due is { } d ? TimeZoneInfo.ConvertTimeToUtc(d.ToDateTime(new TimeOnly(23, 59, 59)), BusinessTime.ChinaStandardTime) : null,
            };
            Db.Add(record);
            var location = command.Latitude is null ? null : JsonSerializer.Serialize(new { latitude = command.Latitude, longitude = command.Longitude });
            return await SaveAsync(record, ServiceEventKinds.Registered, null, location, cancellationToken);
        }

        public async Task<PipelineResult> DispatchAsync(ClaimsPrincipal user, string requestId, string windowCode, string? comment, CancellationToken cancellationToken)
            => await MoveAsync(requestId, ServiceStage.AwaitingDispatch, r => { r.Stage = ServiceStage.AwaitingAcceptance; r.CurrentPointCode = windowCode; }, ServiceEventKinds.Dispatched, null, null, cancellationToken);

        public async Task<PipelineResult> AcceptAsync(ClaimsPrincipal user, string requestId, CancellationToken cancellationToken)
            => await MoveAsync(requestId, ServiceStage.AwaitingAcceptance, r => r.Stage = ServiceStage.InProgress, ServiceEventKinds.Accepted, null, null, cancellationToken);

        public async Task<PipelineResult> RequestMaterialsAsync(ClaimsPrincipal user, string requestId, IReadOnlyList<string> missingMaterials, string? note, CancellationToken cancellationToken)
            => await MoveAsync(requestId, ServiceStage.InProgress, r => { r.Stage = ServiceStage.AwaitingMaterials; r.Class = ServiceClass.Supplement; r.DueDate = null; r.DueUtc = null; r.MaterialsRounds++; },
                ServiceEventKinds.MaterialsRequested, note, JsonSerializer.Serialize(new { materials = missingMaterials }), cancellationToken);

        public async Task<PipelineResult> ReceiveMaterialsAsync(ClaimsPrincipal user, string requestId, CancellationToken cancellationToken)
            => await MoveAsync(requestId, ServiceStage.AwaitingMaterials, r => r.Stage = ServiceStage.InProgress, ServiceEventKinds.MaterialsReceived, null, null, cancellationToken);

        public async Task<PipelineResult> CompleteAsync(ClaimsPrincipal user, string requestId, string result, CancellationToken cancellationToken)
            => await MoveAsync(requestId, ServiceStage.InProgress, r => { r.Stage = ServiceStage.Completed; r.CompletedUtc = clock.GetUtcNow().UtcDateTime; r.OfficeCode = r.CurrentPointCode; },
                ServiceEventKinds.Completed, result, null, cancellationToken);

        public async Task<PipelineResult> FollowUpAsync(ClaimsPrincipal? user, string requestId, FollowUpMethod method, Satisfaction? satisfaction, string? comment, string? redoCause, CancellationToken cancellationToken)
        {
            var record = await Db.Set<ServiceRequestRecord>().FirstOrDefaultAsync(r => r.ContentItemId == requestId, cancellationToken);
            if (record?.Stage != ServiceStage.Completed)
            {
                return new PipelineResult(null, "本件不在待回访状态");
            }

            var redo = satisfaction is Satisfaction.Dissatisfied or Satisfaction.VeryDissatisfied && record.RedoCount == 0;
            if (redo && string.IsNullOrWhiteSpace(redoCause))
            {
                return new PipelineResult(null, "请填写重办原因");
            }

            record.FollowUpUtc = clock.GetUtcNow().UtcDateTime;
            record.FollowUpMethod = method;
            record.Satisfaction = satisfaction;
            Db.Add(Event(record, ServiceEventKinds.FollowedUp, comment, null));
            if (redo)
            {
                record.Stage = ServiceStage.InProgress;
                record.RedoCount++;
                record.OneVisit = false;
                return await SaveAsync(record, ServiceEventKinds.Reopened, redoCause, null, cancellationToken);
            }

            record.Stage = ServiceStage.Closed;
            return await SaveAsync(record, ServiceEventKinds.Closed, null, null, cancellationToken);
        }

        public Task<PipelineResult> SendBackAsync(ClaimsPrincipal user, string requestId, string reason, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<PipelineResult> ArbitrateAsync(ClaimsPrincipal user, string requestId, string windowCode, string? comment, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<PipelineResult> EscalateAsync(ClaimsPrincipal user, string requestId, string reason, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<PipelineResult> RequestExtensionAsync(ClaimsPrincipal user, string requestId, int workingDays, string reason, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<PipelineResult> DecideExtensionAsync(ClaimsPrincipal user, string requestId, bool approve, string? comment, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> SuperviseOverdueAsync(CancellationToken cancellationToken) => Task.FromResult(0);

        public async Task<ServiceRequestRecord?> FindAsync(string requestId, CancellationToken cancellationToken)
            => await Db.Set<ServiceRequestRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.ContentItemId == requestId, cancellationToken);

        public async Task<ServiceRequestRecord?> FindByReceiptAsync(string receiptCode, CancellationToken cancellationToken)
            => await Db.Set<ServiceRequestRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.ReceiptCode == receiptCode, cancellationToken);

        public async Task<IReadOnlyList<ServiceRequestEvent>> GetEventsAsync(string requestId, CancellationToken cancellationToken)
            => await Db.Set<ServiceRequestEvent>().AsNoTracking().Where(e => e.ContentItemId == requestId).OrderBy(e => e.Id).ToListAsync(cancellationToken);

        private async Task<PipelineResult> MoveAsync(string requestId, ServiceStage from, Action<ServiceRequestRecord> change, string kind, string? reason, string? data, CancellationToken cancellationToken)
        {
            var record = await Db.Set<ServiceRequestRecord>().FirstOrDefaultAsync(r => r.ContentItemId == requestId, cancellationToken);
            if (record?.Stage != from)
            {
                return new PipelineResult(null, $"阶段不符：{record?.Stage}");
            }

            change(record);
            return await SaveAsync(record, kind, reason, data, cancellationToken);
        }

        private async Task<PipelineResult> SaveAsync(ServiceRequestRecord record, string kind, string? reason, string? data, CancellationToken cancellationToken)
        {
            record.Version++;
            Db.Add(Event(record, kind, reason, data));
            await Db.SaveChangesAsync(cancellationToken);
            return new PipelineResult(record);
        }

        private ServiceRequestEvent Event(ServiceRequestRecord record, string kind, string? reason, string? data) => new()
        {
            ContentItemId = record.ContentItemId,
            Kind = kind,
            AtUtc = clock.GetUtcNow().UtcDateTime,
            PointCode = record.CurrentPointCode,
            Reason = reason,
            Data = data,
        };
    }
}
