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
        services.AddPermissionProvider<UserPermissions>();
        services.AddScoped<UserAdministration>();
        services.Configure<MvcOptions>(options => options.Filters.Add(new MustChangePasswordFilter()));
        services.AddNavigationProvider<AdminMenu>();
    }
}
