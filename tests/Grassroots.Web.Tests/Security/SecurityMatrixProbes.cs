using System.Net;
using System.Net.Http.Json;
using System.Text;
using Grassroots.Security;
using Grassroots.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Security;

/// <summary>
/// Builds <c>docs/security.md</c> from real HTTP requests: users of the default roles manage users and roles, and a
/// signed-in user of each kind (or nobody) calls one request of each endpoint family. Every cell is the status the app
/// answered, classified; nothing in the tables is written by hand.
/// </summary>
internal static class SecurityMatrixProbes
{
    /// <summary>The default roles, from the most to the least powerful, with the org unit their user sits in.</summary>
    public static readonly (string Role, string OrgUnit)[] Roles =
    [
        ("Administrator", County), ("CountyAdmin", County), ("TownStaff", Qiaoguan), ("VillageStaff", Tuanbupo),
        ("GridMember", TuanbupoGrid), ("Inspector", County), ("Resident", Tuanbupo),
    ];

    /// <summary>Columns of the endpoint table: nobody, then one user per kind.</summary>
    public static readonly (string Label, string? UserName, string? Role, string OrgUnit)[] Principals =
    [
        ("anonymous", null, null, ""), ("resident", "mx-resident", "Resident", Tuanbupo), ("grid member", "mx-grid", "GridMember", TuanbupoGrid),
        ("village", "mx-village", "VillageStaff", Tuanbupo), ("town", "mx-town", "TownStaff", Qiaoguan), ("county", "mx-county", "CountyAdmin", County),
        ("inspector", "mx-inspector", "Inspector", County),
    ];

    public static readonly string[] UserActions = ["Create user", "Edit user", "Disable", "Reset password", "Unlock", "Change roles"];

    public static readonly string[] RoleActions = ["Create role", "Edit role", "Delete role"];

    private const string County = "370725";
    private const string Qiaoguan = "370725107";
    private const string Tuanbupo = "370725107277";
    private const string TuanbupoGrid = "37072510727701";

    /// <summary>An item of 恒盛社区 (宝都街道): outside 乔官镇, inside the county.</summary>
    private const string OtherTownItem = "demo-opinion-hs-0001";

    /// <summary>An item of 团埠坡村 (乔官镇), the village of the resident, grid and village users.</summary>
    private const string OwnVillageItem = "demo-opinion-tbp-0001";

    /// <summary>
    /// One request per endpoint family (several where the jurisdiction matters). <c>{admin}</c> stands for the setup
    /// administrator's id. Writes send an invalid body, so an allowed caller gets a validation answer and nothing changes.
    /// </summary>
    public static readonly Probe[] Families =
    [
        new("Content API", "list", HttpMethod.Get, "/api/content"),
        new("Content API", "item in own village", HttpMethod.Get, $"/api/content/{OwnVillageItem}"),
        new("Content API", "item in another town", HttpMethod.Get, $"/api/content/{OtherTownItem}"),
        new("Content API", "create (invalid body)", HttpMethod.Post, "/api/content/Notice", "{}"),
        new("Content admin", "list screen", HttpMethod.Get, "/admin/content"),
        new("Content admin", "item in another town", HttpMethod.Get, $"/admin/content/item/{OtherTownItem}"),
        new("Content types API", "list", HttpMethod.Get, "/api/content-types"),
        new("Content parts API", "list", HttpMethod.Get, "/api/content-parts"),
        new("Field kinds API", "list", HttpMethod.Get, "/api/field-kinds"),
        new("Search", "query", HttpMethod.Get, "/api/search?q=%E8%B7%AF%E7%81%AF"),
        new("Attachments", "upload (no file)", HttpMethod.Post, "/api/attachments", Form: true),
        new("Workflows API", "types", HttpMethod.Get, "/api/workflow-types"),
        new("Workflows API", "activities", HttpMethod.Get, "/api/workflow-activities"),
        new("Workflows API", "instances", HttpMethod.Get, "/api/workflows"),
        new("Workflows API", "signal (invalid body)", HttpMethod.Post, "/api/workflows/signal", "{}"),
        new("Tasks", "my tasks", HttpMethod.Get, "/api/tasks"),
        new("Notifications", "my notifications", HttpMethod.Get, "/api/notifications"),
        new("Account", "me", HttpMethod.Get, "/api/me"),
        new("Users API", "list", HttpMethod.Get, "/api/users"),
        new("Users API", "the administrator", HttpMethod.Get, "/api/users/{admin}"),
        new("Roles API", "list", HttpMethod.Get, "/api/roles"),
        new("Roles API", "permissions", HttpMethod.Get, "/api/permissions"),
        new("Audit API", "entries", HttpMethod.Get, "/api/audit"),
        new("Service requests staff API", "list", HttpMethod.Get, "/api/service-requests"),
        new("Open311", "services", HttpMethod.Get, "/open311/v2/services.json"),
        new("Open311", "requests", HttpMethod.Get, "/open311/v2/requests.json"),
        new("Portal track", "form", HttpMethod.Get, "/service/track"),
        new("Recipes", "run (invalid body)", HttpMethod.Post, "/api/recipes", "{}"),
        new("Features", "list", HttpMethod.Get, "/api/features"),
        new("Org units", "tree", HttpMethod.Get, "/api/org-units"),
        new("Calendar", "year", HttpMethod.Get, "/api/calendar/2026"),
        new("Inspections", "comments", HttpMethod.Get, "/api/inspections/comments"),
    ];

    /// <summary>Endpoint prefixes that need no row: signing in is anonymous by design.</summary>
    private static readonly string[] Exempt = ["api/auth"];

    /// <summary>A request of an endpoint family.</summary>
    public sealed record Probe(string Family, string What, HttpMethod Method, string Path, string? Json = null, bool Form = false);

    /// <summary>
    /// Families of the running app's endpoints (<c>api/&lt;name&gt;</c>, <c>open311</c>) that no probe covers, so a new API
    /// cannot be left out of the document.
    /// </summary>
    public static IReadOnlyList<string> UncoveredFamilies(IServiceProvider services)
    {
        var probed = Families.Select(p => p.Path.TrimStart('/')).ToList();
        return services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => Family(e.RoutePattern.RawText ?? ""))
            .Where(f => f is not null && !Exempt.Contains(f))
            .Distinct(StringComparer.Ordinal)
            .Where(f => !probed.Any(p => p.StartsWith(f!, StringComparison.Ordinal)
                && (p.Length == f!.Length || p[f.Length] is '/' or '?' or '.')))
            .Select(f => f!)
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
    }

    private static string? Family(string route)
    {
        var segments = route.TrimStart('/').Split('/');
        return segments[0] switch
        {
            "api" when segments.Length > 1 && !segments[1].StartsWith('{') => "api/" + segments[1].Split('.')[0],
            "open311" => "open311",
            _ => null,
        };
    }

    public static async Task CreatePrincipalsAsync(GrassrootsFactory factory)
    {
        foreach (var (_, userName, role, orgUnit) in Principals.Where(p => p.UserName is not null))
        {
            await JurisdictionTestUsers.CreateAsync(factory, userName!, orgUnit, role!);
        }

        foreach (var (role, orgUnit) in Roles)
        {
            await JurisdictionTestUsers.CreateAsync(factory, Actor(role), orgUnit, role);
        }
    }

    public static string Actor(string role) => "mx-actor-" + role.ToLowerInvariant();

    /// <summary>The endpoint table's rows: the family, the request, and one cell per principal.</summary>
    public static async Task<List<string[]>> EndpointRowsAsync(GrassrootsFactory factory)
    {
        var adminId = await IdAsync(factory, GrassrootsFactory.AdminUserName);
        var clients = new List<(HttpClient Api, HttpClient Browser)>();
        foreach (var (_, userName, _, _) in Principals)
        {
            if (userName is null)
            {
                clients.Add((factory.CreateClient(), factory.CreateBrowserlikeClient()));
            }
            else
            {
                clients.Add((await factory.CreateApiClientAsync(userName, JurisdictionTestUsers.Password),
                    await JurisdictionTestUsers.LoginAsync(factory, userName)));
            }
        }

        var rows = new List<string[]>();
        foreach (var probe in Families)
        {
            var path = probe.Path.Replace("{admin}", adminId, StringComparison.Ordinal);
            var row = new List<string> { probe.Family, $"{probe.What}: `{probe.Method.Method} {probe.Path}`" };
            foreach (var (api, browser) in clients)
            {
                // Screens are used with the sign-in cookie, APIs with a bearer token, as their callers do.
                var client = path.StartsWith("/api/", StringComparison.Ordinal) ? api : browser;
                using var request = new HttpRequestMessage(probe.Method, path);
                if (probe.Json is not null)
                {
                    request.Content = new StringContent(probe.Json, Encoding.UTF8, "application/json");
                }
                else if (probe.Form)
                {
                    request.Content = new MultipartFormDataContent { { new StringContent("x"), "note" } };
                }

                using var response = await client.SendAsync(request);
                row.Add(EndpointCell(response));
            }

            rows.Add([.. row]);
        }

        foreach (var (api, browser) in clients)
        {
            api.Dispose();
            browser.Dispose();
        }

        return rows;
    }

    /// <summary>allowed / 401 / 403 / 404 (outside the jurisdiction or hidden); a validation answer still means allowed.</summary>
    private static string EndpointCell(HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
        {
            var location = response.Headers.Location?.ToString() ?? "";
            return location.Contains("login", StringComparison.OrdinalIgnoreCase) ? "401 (sign-in)"
                : location.Contains("denied", StringComparison.OrdinalIgnoreCase) ? "403" : $"redirect ({code})";
        }

        return code switch
        {
            >= 200 and < 300 => "allowed",
            401 or 403 or 404 => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
            400 or 409 or 422 => $"allowed ({code})",
            _ => $"other ({code})",
        };
    }

    /// <summary>
    /// The user-management tables: for each actor role, each action against a fresh Resident of the actor's own org unit
    /// ("lower"), against a fresh holder of Administrator ("administrator"), and on fresh roles.
    /// </summary>
    public static async Task<(List<string[]> Lower, List<string[]> Administrator, List<string[]> RoleRows)> ManagementRowsAsync(GrassrootsFactory factory)
    {
        var lower = new List<string[]>();
        var administrator = new List<string[]>();
        var roleRows = new List<string[]>();
        foreach (var (role, orgUnit) in Roles)
        {
            using var client = await factory.CreateApiClientAsync(Actor(role), JurisdictionTestUsers.Password);
            var key = role.ToLowerInvariant();
            lower.Add([role, .. await UserCellsAsync(factory, client, $"mx-l-{key}", orgUnit, "Resident", ["GridMember"])]);
            administrator.Add([role, .. await UserCellsAsync(factory, client, $"mx-s-{key}", County, "Administrator", ["Resident"])]);

            var cells = new List<string> { role };
            var created = await client.PostAsJsonAsync("/api/roles", new { name = $"MxNew{role}", displayName = $"矩阵新角色{role}", permissions = Array.Empty<string>() });
            cells.Add(ManagementCell(created));
            await JurisdictionTestUsers.GrantAsync(factory, $"MxEdit{role}");
            cells.Add(ManagementCell(await client.PutAsJsonAsync($"/api/roles/MxEdit{role}",
                new { displayName = "矩阵改名", description = "", permissions = Array.Empty<string>() })));
            await JurisdictionTestUsers.GrantAsync(factory, $"MxDel{role}");
            cells.Add(ManagementCell(await client.DeleteAsync($"/api/roles/MxDel{role}")));
            roleRows.Add([.. cells]);
        }

        return (lower, administrator, roleRows);
    }

    /// <summary>One cell per <see cref="UserActions"/>, each on its own fresh target holding <paramref name="targetRole"/>.</summary>
    private static async Task<List<string>> UserCellsAsync(GrassrootsFactory factory, HttpClient client, string prefix, string orgUnit,
        string targetRole, string[] changedRoles)
    {
        var cells = new List<string>
        {
            ManagementCell(await client.PostAsJsonAsync("/api/users", new
            {
                userName = prefix + "-new", displayName = prefix, orgUnitCode = orgUnit, roles = new[] { targetRole },
                password = JurisdictionTestUsers.Password,
            })),
        };

        async Task<string> TargetAsync(string action, bool locked = false)
        {
            var userName = $"{prefix}-{action}";
            await JurisdictionTestUsers.CreateAsync(factory, userName, orgUnit, targetRole);
            await using var scope = factory.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
            var user = (await users.FindByNameAsync(userName))!;
            if (locked)
            {
                await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddHours(1));
            }

            return user.Id;
        }

        var edit = await TargetAsync("edit");
        cells.Add(ManagementCell(await client.PutAsJsonAsync($"/api/users/{edit}", new { displayName = "矩阵改名", orgUnitCode = orgUnit, roles = new[] { targetRole } })));
        var disable = await TargetAsync("disable");
        cells.Add(ManagementCell(await client.PutAsJsonAsync($"/api/users/{disable}",
            new { displayName = prefix, orgUnitCode = orgUnit, roles = new[] { targetRole }, isDisabled = true })));
        var reset = await TargetAsync("reset");
        cells.Add(ManagementCell(await client.PostAsync($"/api/users/{reset}/reset-password", null)));
        var unlock = await TargetAsync("unlock", locked: true);
        cells.Add(ManagementCell(await client.PostAsync($"/api/users/{unlock}/unlock", null)));
        var roles = await TargetAsync("roles");
        cells.Add(ManagementCell(await client.PutAsJsonAsync($"/api/users/{roles}", new { displayName = prefix, orgUnitCode = orgUnit, roles = changedRoles })));
        return cells;
    }

    private static string ManagementCell(HttpResponseMessage response)
    {
        using (response)
        {
            var code = (int)response.StatusCode;
            return code is >= 200 and < 300 ? "allowed" : $"refused ({code.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
        }
    }

    private static async Task<string> IdAsync(GrassrootsFactory factory, string userName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>().FindByNameAsync(userName))!.Id;
    }
}
