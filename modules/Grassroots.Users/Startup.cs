using Grassroots.Navigation;
using Grassroots.Security;
using Grassroots.Users.Controllers;
using Grassroots.Users.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Users;

/// <summary>Login, logout, API tokens, the language switch, the account page, and user and role administration.</summary>
internal sealed class Startup : Modules.StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddScoped<UserAdministration>();
        services.Configure<MvcOptions>(options => options.Filters.Add(new MustChangePasswordFilter()));
        services.AddNavigationProvider<AdminMenu>();
    }
}

/// <summary>安全 → 用户, 角色.</summary>
internal sealed class AdminMenu : INavigationProvider
{
    public ValueTask BuildNavigationAsync(string menuName, NavigationBuilder builder)
    {
        if (menuName == "admin")
        {
            builder.Add("安全", position: 800, icon: "bi-shield-lock", children: group => group
                .Add("用户", "/admin/users", position: 10, permission: StandardPermissions.ManageUsers, icon: "bi-people")
                .Add("角色", "/admin/roles", position: 20, permission: StandardPermissions.ManageRoles, icon: "bi-person-badge"));
        }

        return ValueTask.CompletedTask;
    }
}
