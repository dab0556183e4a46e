using Grassroots.Security;

namespace Grassroots.Navigation;

/// <summary>Collects menu entries; entries with the same text merge their children.</summary>
public sealed class NavigationBuilder
{
    private readonly List<MenuItem> _items = [];

    public IReadOnlyList<MenuItem> Items => _items;

    /// <param name="text">Chinese source text; it is localized when rendered.</param>
    /// <param name="url">Target, or null for a group.</param>
    /// <param name="position">Sort key (lower first).</param>
    /// <param name="permission">Shown only to users holding it.</param>
    /// <param name="icon">A Bootstrap Icons name such as <c>bi-gear</c>.</param>
    /// <param name="children">Nested entries.</param>
    public NavigationBuilder Add(string text, string? url = null, int position = 100, Permission? permission = null,
        string? icon = null, Action<NavigationBuilder>? children = null)
    {
        var item = _items.FirstOrDefault(i => i.Text == text);
        if (item is null)
        {
            item = new MenuItem { Text = text, Url = url, Position = position, Permission = permission, Icon = icon };
            _items.Add(item);
        }
        else
        {
            item.Url ??= url;
            item.Icon ??= icon;
        }

        if (children is not null)
        {
            var nested = new NavigationBuilder();
            nested._items.AddRange(item.Children);
            children(nested);
            item.Children = nested._items;
        }

        return this;
    }

    /// <summary>
    /// Adds a screen under the shared 平台设置 group (features, org units, recipes …), so every module files it under
    /// the same group text, position and icon.
    /// </summary>
    public NavigationBuilder AddPlatformSetting(string text, string url, int position, Permission permission, string icon)
        => Add("平台设置", position: 900, icon: "bi-gear", children: group => group.Add(text, url, position, permission, icon));
}

/// <summary>A menu entry.</summary>
public sealed class MenuItem
{
    public string Text { get; set; } = "";
    public string? Url { get; set; }
    public int Position { get; set; }
    public Permission? Permission { get; set; }
    public string? Icon { get; set; }
    public List<MenuItem> Children { get; set; } = [];
}
