using Grassroots.ContentManagement;
using Grassroots.Data;
using Grassroots.ServiceRequests.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Grassroots.ServiceRequests.Network;

/// <summary>
/// Item-level rules of 办事指南: the item code is unique among published guides, the office is a registered centre,
/// room or station and the item belongs to its org unit, the window is one of the office's windows, and a 承诺件 has
/// a time limit.
/// </summary>
internal sealed class ServiceGuideValidator(IDbContextAccessor accessor, IStringLocalizer<ServiceGuideValidator> T) : IContentValidator
{
    private const string Prefix = ServiceGuideType.Part + ".";

    public async Task ValidateAsync(ContentValidationContext context, CancellationToken cancellationToken)
    {
        var item = context.Item;
        if (item.ContentType != ServiceGuideType.Name)
        {
            return;
        }

        var db = accessor.DbContext;
        var code = ServiceGuideType.Text(item, ServiceGuideType.ItemCode);
        if (context.Publishing && code is not null)
        {
            var clash = await PublishedGuideIdsAsync(db, code).Where(id => id != item.ContentItemId).FirstOrDefaultAsync(cancellationToken);
            if (clash is not null)
            {
                var name = await db.Set<ContentItemRecord>().AsNoTracking()
                    .Where(r => r.ContentItemId == clash && r.Published).Select(r => r.DisplayText).FirstOrDefaultAsync(cancellationToken);
                context.AddError(Prefix + ServiceGuideType.ItemCode,
                    T["事项编码「{0}」已被已发布的办事指南「{1}」使用，同一事项编码只能有一份已发布的办事指南", code, name ?? clash]);
            }
        }

        var officeCode = ServiceGuideType.Text(item, ServiceGuideType.Office);
        if (officeCode is not null)
        {
            var office = await db.Set<ServicePoint>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == officeCode, cancellationToken);
            if (office is null || office.Kind is ServicePointKind.Window or ServicePointKind.Liaison)
            {
                context.AddError(Prefix + ServiceGuideType.Office, T["办理机构「{0}」不是已登记的县群众工作中心、镇(街道)群众工作室或村(社区)群众工作站", officeCode]);
            }
            else
            {
                if (!string.Equals(item.OrgUnitCode, office.OrgUnitCode, StringComparison.Ordinal))
                {
                    context.AddError("orgUnitCode", T["所属组织机构须与办理机构「{0}」一致（{1}）", office.Name, office.OrgUnitCode]);
                }

                var windowCode = ServiceGuideType.Text(item, ServiceGuideType.Window);
                if (windowCode is not null
                    && !await db.Set<ServicePoint>().AnyAsync(p => p.Code == windowCode && p.Kind == ServicePointKind.Window && p.ParentCode == office.Code, cancellationToken))
                {
                    context.AddError(Prefix + ServiceGuideType.Window, T["办理窗口「{0}」不是「{1}」下设的窗口", windowCode, office.Name]);
                }
            }
        }

        if (ServiceGuideType.Text(item, ServiceGuideType.TimeLimitKind) == ServiceGuideType.Promised
            && ServiceGuideType.Number(item, ServiceGuideType.TimeLimitDays) < 1)
        {
            context.AddError(Prefix + ServiceGuideType.TimeLimitDays, T["承诺件须填写承诺时限（1–365 个工作日）"]);
        }
    }

    /// <summary>Ids of the published, not deleted guides with this item code.</summary>
    internal static IQueryable<string> PublishedGuideIdsAsync(DbContext db, string code)
        => from f in db.Set<ContentFieldIndex>()
           join r in db.Set<ContentItemRecord>() on f.DocumentId equals r.Id
           where f.ContentType == ServiceGuideType.Name && f.PartName == ServiceGuideType.Part && f.FieldName == ServiceGuideType.ItemCode
                 && f.Published && f.Text == code && r.Published && !r.Deleted
           select r.ContentItemId;
}
