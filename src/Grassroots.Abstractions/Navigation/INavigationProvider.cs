namespace Grassroots.Navigation;

/// <summary>Contributes entries to a menu (<c>admin</c> for the dashboard, <c>portal</c> for the public site).</summary>
public interface INavigationProvider
{
    ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder);
}
