using System.Security.Claims;
using System.Text.Json.Nodes;
using Grassroots.Security;
using Microsoft.AspNetCore.Identity;

namespace Grassroots.Recipes.Steps;

/// <summary>
/// <c>{"name":"roles","Roles":[{"Name","DisplayName","Description","Permissions":[…]}]}</c> — creates or updates roles;
/// the permission list replaces the role's permissions.
/// </summary>
internal sealed class RolesStep(RoleManager<GrassrootsRole> roles) : IRecipeStepHandler
{
    public string Name => "roles";

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        if (context.Require("Roles") is not JsonArray list)
        {
            throw new RecipeStepException("Roles", "Roles 必须是数组");
        }

        for (var i = 0; i < list.Count; i++)
        {
            var path = $"Roles[{i}]";
            var entry = list[i] as JsonObject ?? throw new RecipeStepException(path, "必须是 JSON 对象");
            string? Get(string p) => entry.FirstOrDefault(x => string.Equals(x.Key, p, StringComparison.OrdinalIgnoreCase)).Value?.GetValue<string>();
            var name = Get("Name") ?? throw new RecipeStepException(path + ".Name", "缺少 Name");
            var role = await roles.FindByNameAsync(name);
            var isNew = role is null;
            role ??= new GrassrootsRole { Name = name };
            role.DisplayName = Get("DisplayName") ?? role.DisplayName;
            role.Description = Get("Description") ?? role.Description;
            var result = isNew ? await roles.CreateAsync(role) : await roles.UpdateAsync(role);
            if (!result.Succeeded)
            {
                throw new RecipeStepException(path, string.Join("；", result.Errors.Select(e => e.Description)));
            }

            if (entry.FirstOrDefault(x => string.Equals(x.Key, "Permissions", StringComparison.OrdinalIgnoreCase)).Value is JsonArray permissions)
            {
                var wanted = permissions.Select(p => p!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                var claims = await roles.GetClaimsAsync(role);
                foreach (var claim in claims.Where(c => c.Type == GrassrootsRole.PermissionClaimType && !wanted.Contains(c.Value)))
                {
                    await roles.RemoveClaimAsync(role, claim);
                }

                foreach (var permission in wanted.Where(p => !claims.Any(c => c.Type == GrassrootsRole.PermissionClaimType && c.Value == p)))
                {
                    await roles.AddClaimAsync(role, new Claim(GrassrootsRole.PermissionClaimType, permission));
                }
            }
        }
    }
}
