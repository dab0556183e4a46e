using Grassroots.Data;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Security;

/// <summary>Wrong sign-in attempts of one user from one client address bucket (table <c>LoginFailures</c>).</summary>
internal sealed class LoginFailureRecord
{
    public long Id { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>The client's bucket (<see cref="ClientAddress.PartitionKey(System.Net.IPAddress?)"/>).</summary>
    public string ClientKey { get; set; } = "";

    /// <summary>Failures since <see cref="FirstFailureUtc"/>.</summary>
    public int Failures { get; set; }

    public DateTime FirstFailureUtc { get; set; }

    public DateTime LastFailureUtc { get; set; }

    /// <summary>Locked from this address until then.</summary>
    public DateTime? LockedUntilUtc { get; set; }
}

internal sealed class LoginFailureModelConfiguration : IModelConfiguration
{
    public void Configure(ModelBuilder modelBuilder)
        => modelBuilder.Entity<LoginFailureRecord>(e =>
        {
            e.ToTable("LoginFailures");
            e.Property(x => x.UserId).HasMaxLength(64);
            e.Property(x => x.ClientKey).HasMaxLength(64);
            e.HasIndex(x => new { x.UserId, x.ClientKey }).IsUnique();
        });
}
