using System.Security.Claims;

namespace Grassroots.Navigation;

/// <summary>Builds a menu from the enabled features' providers, keeping only what the user may open.</summary>
public interface INavigationManager
{
    Task<IReadOnlyList<MenuItem>> BuildMenuAsync(string menuName, ClaimsPrincipal user, CancellationToken cancellationToken = default);
}
