using Grassroots.Navigation;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.Themes.Admin.ViewComponents;

/// <summary>The left sidebar menu of the dashboard, with the entry matching the current URL marked active.</summary>
public sealed class AdminMenuViewComponent(INavigationManager navigation) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var items = await navigation.BuildMenuAsync("admin", HttpContext.User, HttpContext.RequestAborted);
        var path = HttpContext.Request.Path.Value ?? "/";
        var active = Flatten(items)
            .Where(i => i.Url is not null && Matches(path, UrlPath(i.Url)))
            .OrderByDescending(i => UrlPath(i.Url!).Length)
            .FirstOrDefault();
        return View(new AdminMenuModel(items, active));
    }

    private static IEnumerable<MenuItem> Flatten(IEnumerable<MenuItem> items)
        => items.SelectMany(i => new[] { i }.Concat(Flatten(i.Children)));

    private static string UrlPath(string url)
    {
        var cut = url.IndexOfAny(['?', '#']);
        var p = (cut >= 0 ? url[..cut] : url).TrimEnd('/');
        return p.Length == 0 ? "/" : p;
    }

    private static bool Matches(string path, string prefix)
    {
        path = path.TrimEnd('/');
        if (path.Length == 0)
        {
            path = "/";
        }

        return string.Equals(path, prefix, StringComparison.OrdinalIgnoreCase)
            || path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The menu and its active entry (null when nothing matches).</summary>
public sealed record AdminMenuModel(IReadOnlyList<MenuItem> Items, MenuItem? Active)
{
    /// <summary>Whether the item or one of its descendants is the active entry.</summary>
    public bool Contains(MenuItem item)
        => ReferenceEquals(item, Active) || item.Children.Any(Contains);
}
