using System.Text.RegularExpressions;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Workflows.Controllers;

/// <summary>A value and its label for the designer's select boxes.</summary>
public sealed record DesignerOption(string Value, string Text);

/// <summary>What the designer page needs beside the JSON API: the type id and the choices of its select boxes.</summary>
public sealed record WorkflowDesignerViewModel(string? Id, IReadOnlyList<DesignerOption> ContentTypes, IReadOnlyList<DesignerOption> Roles);

/// <summary>The filters of the instance list (the rows come from <c>/api/workflows</c>).</summary>
public sealed record WorkflowInstancesViewModel(string? Type, string? Status, string? CorrelationId, int Page);

/// <summary>The instance viewer page (the instance comes from <c>/api/workflows/{id}</c>).</summary>
public sealed record WorkflowInstanceViewModel(string Id, bool CanManage);

/// <summary>
/// The 工作流 dashboard screens: the type list, the visual designer, the instance list and the instance viewer. The pages
/// are shells: their scripts read and write through the workflow JSON API with the signed-in user's cookie.
/// </summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed partial class WorkflowDesignerAdminController(
    IAuthorizationService authorization,
    IContentDefinitionManager definitions,
    RoleManager<GrassrootsRole> roles) : Controller
{
    [HttpGet("/admin/workflows/types")]
    public async Task<IActionResult> Types()
        => await authorization.AuthorizeAsync(User, WorkflowPermissions.ManageWorkflows) ? View() : Forbid();

    [HttpGet("/admin/workflows/types/new")]
    public Task<IActionResult> New(CancellationToken cancellationToken) => DesignerAsync(null, cancellationToken);

    [HttpGet("/admin/workflows/types/{id}/edit")]
    public Task<IActionResult> Edit(string id, CancellationToken cancellationToken)
        => IdPattern().IsMatch(id) ? DesignerAsync(id, cancellationToken) : Task.FromResult<IActionResult>(NotFound());

    [HttpGet("/admin/workflows/instances")]
    public async Task<IActionResult> Instances(string? type, string? status, string? correlationId, int page = 1)
        => await authorization.AuthorizeAsync(User, WorkflowPermissions.ViewWorkflows)
            ? View(new WorkflowInstancesViewModel(type, status, correlationId, Math.Max(1, page)))
            : Forbid();

    [HttpGet("/admin/workflows/instances/{id}")]
    public async Task<IActionResult> Instance(string id)
    {
        if (!await authorization.AuthorizeAsync(User, WorkflowPermissions.ViewWorkflows))
        {
            return Forbid();
        }

        return View(new WorkflowInstanceViewModel(id, await authorization.AuthorizeAsync(User, WorkflowPermissions.ManageWorkflows)));
    }

    private async Task<IActionResult> DesignerAsync(string? id, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, WorkflowPermissions.ManageWorkflows))
        {
            return Forbid();
        }

        var types = (await definitions.ListTypeDefinitionsAsync(cancellationToken))
            .Select(t => new DesignerOption(t.Name, t.DisplayName))
            .ToList();
        var roleList = await roles.Roles
            .OrderBy(r => r.Name)
            .Select(r => new DesignerOption(r.Name!, r.DisplayName))
            .ToListAsync(cancellationToken);
        return View("Designer", new WorkflowDesignerViewModel(id, types, roleList));
    }

    /// <summary>Workflow type ids: lower-case letters, digits, '-' and '_'.</summary>
    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();
}
