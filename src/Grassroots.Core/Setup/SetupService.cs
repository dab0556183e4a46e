using System.Text.Json.Nodes;
using Grassroots.Data;
using Grassroots.Modules;
using Grassroots.OrgUnits;
using Grassroots.Recipes;
using Grassroots.Security;
using Grassroots.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grassroots.Setup;

/// <summary>
/// Start-up: brings the schema up to date, and on an empty database runs the setup recipe and creates the administrator.
/// </summary>
internal sealed partial class SetupService(
    IServiceScopeFactory scopes,
    ModuleCatalog catalog,
    IOptions<SetupOptions> options,
    TimeProvider clock,
    ILogger<SetupService> logger)
{
    private const string SetupSetting = "Setup";

    /// <summary>The generated administrator password is longer than a user's: it guards the whole site.</summary>
    private const int SetupPasswordLength = 20;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GrassrootsDbContext>();
            if (db.Database.IsSqlite())
            {
                // Readers do not block the writer: several requests at once on one machine.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            var runner = scope.ServiceProvider.GetRequiredService<DataMigrationRunner>();
            await runner.EnsureMigrationTableAsync(cancellationToken);

            // Core tables first, then every stored enabled feature.
            await runner.RunAsync(catalog.Features.Where(f => f.IsAlwaysEnabled).Select(f => f.Id), cancellationToken);
            var manager = scope.ServiceProvider.GetRequiredService<FeatureManager>();
            var enabled = await manager.LoadEnabledAsync(cancellationToken);
            await runner.RunAsync(enabled, cancellationToken);
        }

        if (options.Value.Disabled)
        {
            return;
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            var settings = scope.ServiceProvider.GetRequiredService<ISiteSettingsStore>();
            var state = await settings.GetAsync(SetupSetting, cancellationToken);
            if (state["completedUtc"] is not null)
            {
                return;
            }
        }

        var recipe = Path.IsPathRooted(options.Value.Recipe) ? options.Value.Recipe : Path.Combine(AppContext.BaseDirectory, options.Value.Recipe);
        LogSetupStarting(logger, recipe);
        await using (var scope = scopes.CreateAsyncScope())
        {
            var executor = scope.ServiceProvider.GetRequiredService<IRecipeExecutor>();
            await executor.ExecuteFileAsync(recipe, "setup", message => LogSetupProgress(logger, message), cancellationToken);
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            await CreateAdministratorAsync(scope.ServiceProvider, cancellationToken);
            var settings = scope.ServiceProvider.GetRequiredService<ISiteSettingsStore>();
            await settings.SetAsync(SetupSetting, new JsonObject
            {
                ["completedUtc"] = clock.GetUtcNow().UtcDateTime.ToString("O"),
                ["recipe"] = Path.GetFileName(recipe),
            }, cancellationToken);
        }
    }

    private async Task CreateAdministratorAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<UserManager<GrassrootsUser>>();
        var roles = services.GetRequiredService<RoleManager<GrassrootsRole>>();
        if (!await roles.RoleExistsAsync(StandardPermissions.AdministratorRole))
        {
            await roles.CreateAsync(new GrassrootsRole { Name = StandardPermissions.AdministratorRole, DisplayName = "系统管理员", Description = "拥有全部权限" });
        }

        var userName = options.Value.AdminUserName;
        if (await users.FindByNameAsync(userName) is not null)
        {
            return;
        }

        var root = await services.GetRequiredService<IOrgUnitService>().GetRootAsync(cancellationToken);
        var password = options.Value.AdminPassword;
        var generated = string.IsNullOrEmpty(password);
        if (generated)
        {
            password = PasswordGenerator.Generate(SetupPasswordLength);
        }

        var user = new GrassrootsUser
        {
            UserName = userName,
            DisplayName = "系统管理员",
            OrgUnitCode = root?.Code,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
            EmailConfirmed = true,
            // A configured password is the operator's own; a generated one was only printed to the console.
            MustChangePassword = generated,
        };
        var result = await users.CreateAsync(user, password!);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("无法创建管理员：" + string.Join("；", result.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(user, StandardPermissions.AdministratorRole);
        if (generated)
        {
            // Printed once, to the console only: there is no default password anywhere.
            Console.WriteLine();
            Console.WriteLine("==================================================================");
            Console.WriteLine($" 管理员账号已创建 / Administrator created: {userName}");
            Console.WriteLine($" 初始密码 / Initial password: {password}");
            Console.WriteLine(" 此密码只显示这一次，请登录后立即修改。 Shown once; change it after signing in.");
            Console.WriteLine("==================================================================");
            Console.WriteLine();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Setting up the site with recipe {Recipe}.")]
    private static partial void LogSetupStarting(ILogger logger, string recipe);

    [LoggerMessage(Level = LogLevel.Information, Message = "Setup: {Message}")]
    private static partial void LogSetupProgress(ILogger logger, string message);
}
