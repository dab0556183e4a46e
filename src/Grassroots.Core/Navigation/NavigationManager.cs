using System.Security.Claims;
using Grassroots.Modules;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;

namespace Grassroots.Navigation;

/// <summary>Collects menu entries of enabled features and filters them by permission.</summary>
internal sealed class NavigationManager(IEnabledServices<INavigationProvider> providers, IAuthorizationService authorization) : INavigationManager
{
    public async Task<IReadOnlyList<MenuItem>> BuildMenuAsync(string menuName, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var builder = new NavigationBuilder();
        foreach (var provider in providers.All)
        {
            await provider.BuildNavigationAsync(menuName, builder);
        }

        return await FilterAsync(builder.Items, user);
    }

    private async Task<List<MenuItem>> FilterAsync(IEnumerable<MenuItem> items, ClaimsPrincipal user)
    {
        var result = new List<MenuItem>();
        foreach (var item in items.OrderBy(i => i.Position).ThenBy(i => i.Text, StringComparer.Ordinal))
        {
            if (item.Permission is not null && !await authorization.AuthorizeAsync(user, item.Permission))
            {
                continue;
            }

            item.Children = await FilterAsync(item.Children, user);
            if (item.Url is null && item.Children.Count == 0)
            {
                continue;
            }

            result.Add(item);
        }

        return result;
    }
}
