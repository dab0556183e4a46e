using System.Reflection;
using System.Security.Claims;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Data;
using Grassroots.Localization;
using Grassroots.Media;
using Grassroots.Metadata;
using Grassroots.Modules;
using Grassroots.Navigation;
using Grassroots.OrgUnits;
using Grassroots.Recipes;
using Grassroots.Security;
using Grassroots.Settings;
using Grassroots.Setup;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using StartupBase = Grassroots.Modules.StartupBase;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Grassroots.Hosting;

/// <summary>Builds the Grassroots host: modules, features, data, security.</summary>
public static class GrassrootsHostExtensions
{
    /// <summary>The authentication scheme that picks JWT for <c>Authorization: Bearer</c> requests and the cookie otherwise.</summary>
    public const string SmartScheme = "Grassroots";

    /// <summary>Loads every module next to the application and registers the platform and all features' services.</summary>
    public static WebApplicationBuilder AddGrassroots(this WebApplicationBuilder builder, IEnumerable<Assembly>? extraAssemblies = null)
    {
        var catalog = new ModuleCatalog(DiscoverAssemblies().Concat(extraAssemblies ?? []));
        var services = builder.Services;
        var configuration = builder.Configuration;

        // Module and theme assets (_content/{assembly}/…) are served from their projects in every environment, not only
        // Development; a published site has them copied into wwwroot and this is then a no-op.
        builder.WebHost.UseStaticWebAssets();

        services.AddSingleton(catalog);
        services.AddSingleton<FeatureState>();
        services.AddSingleton<IFeatureState>(sp => sp.GetRequiredService<FeatureState>());
        services.AddTransient(typeof(IEnabledServices<>), typeof(EnabledServices<>));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IGrassrootsEnvironment, GrassrootsEnvironment>();
        services.AddHttpContextAccessor();
        services.AddMemoryCache();

        // Pages are Chinese: write CJK characters as they are instead of &#x...; entities (smaller, readable source).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddGrassrootsLocalization();
        services.Configure<Localization.PoLocalizationOptions>(o => o.Assemblies.AddRange(catalog.Assemblies));
        services.AddHostedService<FeatureStateRefresher>();

        var database = new DatabaseOptions
        {
            Provider = configuration["Database:Provider"] ?? "Sqlite",
            ConnectionString = configuration.GetConnectionString("Default"),
        };
        services.AddSingleton(database);
        services.AddDbContext<GrassrootsDbContext>((sp, options) =>
        {
            if (database.IsPostgres)
            {
                options.UseNpgsql(database.ConnectionString ?? throw new InvalidOperationException("Database:Provider 为 Postgres 时必须配置 ConnectionStrings:Default。"));
            }
            else
            {
                var connection = database.ConnectionString;
                if (string.IsNullOrWhiteSpace(connection))
                {
                    var dataPath = sp.GetRequiredService<IGrassrootsEnvironment>().DataPath;
                    connection = $"Data Source={Path.Combine(dataPath, "grassroots.db")};Foreign Keys=True;Pooling=True";
                }

                options.UseSqlite(connection);
            }
        });
        services.AddScoped<IDbContextAccessor, DbContextAccessor>();
        services.AddScoped<DataMigrationRunner>();
        services.AddScoped<FeatureManager>();
        services.AddScoped<IFeatureManager>(sp => sp.GetRequiredService<FeatureManager>());
        services.AddScoped<IContentDefinitionManager, ContentDefinitionManager>();
        services.AddScoped<IContentManager, DefaultContentManager>();
        services.AddScoped<IOrgUnitService, OrgUnitService>();
        services.AddScoped<ISiteSettingsStore, SiteSettingsStore>();
        services.AddFileSystemAttachmentStore();
        services.AddSingleton<IRecipeExecutor, RecipeExecutor>();
        services.AddScoped<INavigationManager, NavigationManager>();
        services.AddSingleton<SetupService>();
        services.AddSingleton<SetupRunner>();
        services.AddProblemDetails();
        services.AddExceptionHandler<RequestErrors.ClientErrorHandler>();
        services.PostConfigure<Microsoft.AspNetCore.Mvc.ApiBehaviorOptions>(o => o.InvalidModelStateResponseFactory = RequestErrors.InvalidModelState);
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.Mvc.MvcOptions>, LocalizedBindingMessages>();
        services.AddAntiforgery(options =>
        {
            options.HeaderName = "X-CSRF-TOKEN";
            options.Cookie.Name = "grassroots.af";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        // Uploads: 20 MiB per request at most (a field's own limit is checked by AttachmentRules).
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = RequestErrors.MaxBodyBytes);
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = RequestErrors.MaxBodyBytes);
        services.Configure<SetupOptions>(configuration.GetSection("Setup"));
        services.Configure<SensitiveDataOptions>(configuration.GetSection("Security:Sensitive"));
        services.AddSingleton<IDistributedLock, DistributedLock>();

        AddSecurity(services);
        services.AddTrustedProxies(configuration);
        services.AddOptions<LoginThrottleOptions>().BindConfiguration("Security:Lockout");
        AddLoginRateLimiting(services, configuration);
        services.AddDataProtection().SetApplicationName("Grassroots");
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>, DatabaseKeyRepositorySetup>();

        var mvc = services.AddControllersWithViews(options => options.Filters.Add<AntiforgeryFilter>())
            .AddViewLocalization()
            .AddJsonOptions(options =>
            {
                // A parser's English text never reaches the client: RequestErrors names the field in the user's language.
                options.AllowInputFormatterExceptionMessages = false;
                options.JsonSerializerOptions.DefaultIgnoreCondition = GrassrootsJson.Options.DefaultIgnoreCondition;
                options.JsonSerializerOptions.Encoder = GrassrootsJson.Options.Encoder;
                options.JsonSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            });
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.DefaultIgnoreCondition = GrassrootsJson.Options.DefaultIgnoreCondition;
            options.SerializerOptions.Encoder = GrassrootsJson.Options.Encoder;
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
        });
        foreach (var assembly in catalog.Assemblies)
        {
            mvc.AddApplicationPart(assembly);
        }

        // Every feature's services are registered once; what a disabled feature contributes is filtered at run time.
        foreach (var (startup, _) in Startups(catalog))
        {
            startup.ConfigureServices(services);
        }

        return builder;
    }

    /// <summary>Brings the database up to date, runs setup on an empty database, and maps the middleware and endpoints.</summary>
    public static async Task UseGrassrootsAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<SetupService>().InitializeAsync(CancellationToken.None);

        app.UseTrustedProxies();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseGrassrootsLocalization();
        app.UseAuthorization();
        app.UseMiddleware<FeatureEndpointGate>();
        app.MapControllers();
        app.MapGet("/health", async (GrassrootsDbContext db, CancellationToken ct) =>
            await db.Database.CanConnectAsync(ct)
                ? Results.Ok(new { status = "healthy", database = db.Database.ProviderName })
                : Results.Problem("数据库无法连接", statusCode: StatusCodes.Status503ServiceUnavailable))
            .AllowAnonymous()
            .WithTags("Health");

        var catalog = app.Services.GetRequiredService<ModuleCatalog>();
        foreach (var (startup, feature) in Startups(catalog))
        {
            var group = app.MapGroup("");
            group.WithMetadata(new FeatureMetadata(feature));
            startup.Configure(group);
        }
    }

    private static IEnumerable<Assembly> DiscoverAssemblies()
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies()
            .GroupBy(a => a.GetName().Name ?? "", StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "Grassroots.*.dll"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name.EndsWith(".Tests", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".Views", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!loaded.TryGetValue(name, out var assembly))
            {
                assembly = Assembly.Load(new AssemblyName(name));
            }

            yield return assembly;
        }
    }

    private static IEnumerable<(StartupBase Startup, string Feature)> Startups(ModuleCatalog catalog)
    {
        var startups = new List<(StartupBase, string, int, int)>();
        foreach (var assembly in catalog.Assemblies)
        {
            foreach (var type in assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(StartupBase)) && !t.IsAbstract))
            {
                var feature = catalog.FeatureOf(type)!;
                var startup = (StartupBase)Activator.CreateInstance(type, nonPublic: true)!;
                startups.Add((startup, feature, catalog.Get(feature)!.Priority, startup.Order));
            }
        }

        return startups.OrderBy(s => s.Item3).ThenBy(s => s.Item4).Select(s => (s.Item1, s.Item2));
    }

    private static void AddSecurity(IServiceCollection services)
    {
        services.AddIdentity<GrassrootsUser, GrassrootsRole>(options =>
            {
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = true;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<GrassrootsDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<ChineseIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<GrassrootsClaimsPrincipalFactory>()
            .AddUserManager<GrassrootsUserManager>();
        services.AddOptions<CredentialCheckOptions>().BindConfiguration("Security:CredentialCheck");
        services.AddScoped<CredentialCheck>();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/login";
            options.LogoutPath = "/logout";
            options.AccessDeniedPath = "/access-denied";
            options.Cookie.Name = "grassroots.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the site is served over HTTPS; plain HTTP stays usable on a county office's LAN.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.Events.OnRedirectToLogin = context => ApiAware(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => ApiAware(context, StatusCodes.Status403Forbidden);
            // Instead of Identity's 30-minute stamp validator: every request, against a cache of at most 30 seconds.
            options.Events.OnValidatePrincipal = CredentialCheck.ValidateCookieAsync;
        });

        services.AddScoped<IJurisdictionService, JurisdictionService>();
        services.AddScoped<ISensitiveDataService, SensitiveDataService>();
        services.AddSingleton<ILocalKeys, LocalKeys>();
        services.AddSingleton<Audit.AuditKey>();
        services.AddSingleton<Audit.AuditAnchorFile>();
        services.AddScoped<Audit.IAuditTrail, Audit.AuditTrail>();
        services.AddScoped<ILoginThrottle, LoginThrottle>();
        services.AddScoped<Audit.IAuditQuery, Audit.AuditQuery>();
        services.AddSingleton<JwtKeyProvider>();
        services.AddScoped<ITokenService, TokenService>();
        services.AddAuthentication(options =>
            {
                // AddIdentity makes the cookie the default for authenticate/challenge; the policy scheme must win so
                // that bearer tokens authenticate API calls.
                options.DefaultScheme = SmartScheme;
                options.DefaultAuthenticateScheme = SmartScheme;
                options.DefaultChallengeScheme = SmartScheme;
                options.DefaultForbidScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, SmartScheme, options =>
            {
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? JwtBearerDefaults.AuthenticationScheme
                        : IdentityConstants.ApplicationScheme;
            })
            .AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, _ => { });
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>();
        services.AddAuthorization();
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();
    }

    /// <summary>The policy name for sign-in endpoints (<c>[EnableRateLimiting("login")]</c>).</summary>
    public const string LoginRateLimitPolicy = "login";

    /// <summary>
    /// Sign-in attempts per client address (an IPv6 client by its /64, see <see cref="ClientAddress"/>): a fixed window of <c>Security:LoginRateLimit:PermitLimit</c> (default 10)
    /// per <c>Security:LoginRateLimit:WindowSeconds</c> (default 60); excess requests get 429 with Retry-After.
    /// </summary>
    private static void AddLoginRateLimiting(IServiceCollection services, IConfiguration configuration)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(LoginRateLimitPolicy, context =>
            {
                // Tests sign in many times from one address; they set a limit explicitly when they test the limiter.
                var limit = configuration.GetValue("Security:LoginRateLimit:PermitLimit", 10);
                var window = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Security:LoginRateLimit:WindowSeconds", 60)));
                var key = ClientAddress.PartitionKey(context);
                return System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(key, _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, limit),
                    Window = window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var wait)
                    ? (int)Math.Ceiling(wait.TotalSeconds)
                    : 60;
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await response.WriteAsJsonAsync(
                    new Microsoft.AspNetCore.Mvc.ProblemDetails
                    {
                        Title = "登录尝试过于频繁，请稍后再试",
                        Detail = $"请在 {retryAfter} 秒后重试。",
                        Status = StatusCodes.Status429TooManyRequests,
                    },
                    options: (System.Text.Json.JsonSerializerOptions?)null,
                    contentType: "application/problem+json",
                    cancellationToken: cancellationToken);
            };
        });
    }

    private static Task ApiAware(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/open311"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private sealed class DbContextAccessor(GrassrootsDbContext db) : IDbContextAccessor
    {
        public DbContext DbContext => db;
    }

    private sealed class JwtBearerSetup(JwtKeyProvider keys) : Microsoft.Extensions.Options.IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = JwtKeyProvider.Issuer,
                ValidAudience = JwtKeyProvider.Audience,
                ValidateIssuerSigningKey = true,
                IssuerSigningKeyResolver = (_, _, _, _) => [keys.GetKey()],
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = ClaimTypes.Name,
                RoleClaimType = ClaimTypes.Role,
            };
            options.Events = new JwtBearerEvents { OnTokenValidated = CredentialCheck.ValidateTokenAsync };
        }

        public void Configure(JwtBearerOptions options) => Configure(Microsoft.Extensions.Options.Options.DefaultName, options);
    }
}
