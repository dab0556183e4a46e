using Grassroots.Data;
using Grassroots.ServiceRequests.Models;
using Grassroots.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.ServiceRequests.Network;

/// <summary>A user's work queues: <c>"sp:" + code</c> of every enabled point or window they staff.</summary>
internal sealed class ServicePointQueueMembership(IDbContextAccessor accessor) : ITaskQueueMembership
{
    public const string Prefix = "sp:";

    public async Task<IReadOnlyCollection<string>> GetQueuesAsync(string userName, CancellationToken cancellationToken)
    {
        var db = accessor.DbContext;
        var codes = await (from s in db.Set<ServicePointStaff>().AsNoTracking()
                           join p in db.Set<ServicePoint>().AsNoTracking() on s.PointCode equals p.Code
                           where s.UserName == userName && p.Enabled
                           select p.Code).Distinct().ToListAsync(cancellationToken);
        return codes.Select(c => Prefix + c).ToList();
    }
}
