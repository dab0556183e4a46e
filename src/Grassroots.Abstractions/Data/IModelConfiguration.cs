using Microsoft.EntityFrameworkCore;

namespace Grassroots.Data;

/// <summary>Contributes entity mappings (documents, index tables) to the platform's EF Core model.</summary>
public interface IModelConfiguration
{
    void Configure(ModelBuilder modelBuilder);
}
