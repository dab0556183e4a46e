namespace Grassroots.Setup;

/// <summary>First-start settings (<c>Setup:*</c>).</summary>
public sealed class SetupOptions
{
    /// <summary>The recipe run on an empty database; relative paths resolve against the application folder.</summary>
    public string Recipe { get; set; } = "seeds/recipes/changle-county.recipe.json";

    /// <summary>The administrator's user name (default <c>admin</c>).</summary>
    public string AdminUserName { get; set; } = "admin";

    /// <summary>The administrator's password; when empty a strong one is generated and printed once.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Skip setup (tests that set the site up themselves).</summary>
    public bool Disabled { get; set; }
}
