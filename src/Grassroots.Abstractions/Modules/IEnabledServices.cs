namespace Grassroots.Modules;

/// <summary>
/// The registered implementations of <typeparamref name="T"/> whose feature is enabled right now.
/// Extension points (recipe steps, index providers, menus, permissions, field kinds…) are read through this,
/// so enabling or disabling a feature changes what the running site does without a restart.
/// </summary>
public interface IEnabledServices<out T>
    where T : class
{
    IEnumerable<T> All { get; }
}
