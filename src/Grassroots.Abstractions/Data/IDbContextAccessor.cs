using Microsoft.EntityFrameworkCore;

namespace Grassroots.Data;

/// <summary>The platform's scoped database context, for modules that query their own index tables.</summary>
public interface IDbContextAccessor
{
    DbContext DbContext { get; }
}
