using System.Text;
using System.Text.Json;
using Grassroots.Commands;
using Grassroots.Security;
using Grassroots.Workflows.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.Workflows.Controllers;

/// <summary>An activity as the designer sees it (<paramref name="CanStart"/>: it may be the start activity).</summary>
public sealed record ActivityDescriptorDto(string Name, string Category, string DisplayName, bool IsEvent,
    IReadOnlyList<ActivityOutcome> Outcomes, IReadOnlyList<ActivityPropertyDto> Properties, bool CanStart);

/// <summary>A property of an activity for the designer's generated form.</summary>
public sealed record ActivityPropertyDto(string Name, string DisplayName, string Kind, bool Required, string? Hint, string? Default,
    IReadOnlyList<ActivityOutcome>? Options);

/// <summary>The activity palette of the designer.</summary>
[ApiController]
[Authorize]
[Route("api/workflow-activities")]
[Tags("Workflows")]
public sealed class WorkflowActivitiesApiController(WorkflowTypeService types, IAuthorizationService authorization,
    IStringLocalizer<WorkflowActivitiesApiController> T) : ControllerBase
{
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<ActivityDescriptorDto>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List()
    {
        if (!await authorization.AuthorizeAsync(User, WorkflowPermissions.ManageWorkflows)
            && !await authorization.AuthorizeAsync(User, WorkflowPermissions.ViewWorkflows))
        {
            return Forbid();
        }

        return Ok(types.Activities.Select(a => new ActivityDescriptorDto(a.Name, T[a.Category], T[a.DisplayName], a.IsEvent,
            [.. a.Outcomes.Select(o => new ActivityOutcome(o.Name, T[o.DisplayName]))],
            [.. a.PropertyDescriptors.Select(p => new ActivityPropertyDto(p.Name, T[p.DisplayName], p.Kind, p.Required,
                p.Hint is null ? null : T[p.Hint].Value, p.Default, p.Options?.Select(o => new ActivityOutcome(o.Name, T[o.DisplayName])).ToList()))],
            a.CanStartWorkflow)));
    }
}

/// <summary>Workflow types: read, save as a new version, enable, import, export.</summary>
[ApiController]
[Authorize]
[Route("api/workflow-types")]
[Tags("Workflows")]
public sealed class WorkflowTypesApiController(WorkflowTypeService types, WorkflowSweepService sweep, IAuthorizationService authorization,
    IStringLocalizer<WorkflowTypesApiController> T) : ControllerBase
{
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<WorkflowTypeSummary>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List(CancellationToken cancellationToken) =>
        await CanManageAsync() ? Ok(await types.ListAsync(cancellationToken)) : Forbid();

    [HttpGet("{id}")]
    [ProducesResponseType<WorkflowTypeDefinition>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Get(string id, int? version, CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        var definition = await types.GetAsync(id, version, cancellationToken);
        return definition is null ? Problem(title: T["工作流类型不存在"], statusCode: StatusCodes.Status404NotFound) : Ok(definition);
    }

    /// <summary>Saves the posted definition as the next version of the type (creating the type if new).</summary>
    [HttpPut("{id}")]
    [ProducesResponseType<WorkflowTypeDefinition>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Put(string id, [FromBody] WorkflowTypeDefinition definition, CancellationToken cancellationToken) =>
        await SaveAsync(id, definition, "saved", cancellationToken);

    /// <summary>Imports an exported definition (its own id); the same definition again creates no new version.</summary>
    [HttpPost("import")]
    [ProducesResponseType<WorkflowTypeDefinition>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Import([FromBody] WorkflowTypeDefinition definition, CancellationToken cancellationToken) =>
        await SaveAsync(definition.Id ?? "", definition, "imported", cancellationToken);

    [HttpGet("{id}/export")]
    public async Task<IActionResult> Export(string id, int? version, CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        var definition = await types.GetAsync(id, version, cancellationToken);
        return definition is null
            ? Problem(title: T["工作流类型不存在"], statusCode: StatusCodes.Status404NotFound)
            : File(Encoding.UTF8.GetBytes(WorkflowTypeService.Export(definition)), "application/json", $"workflow-{id}-v{definition.Version}.json");
    }

    [HttpPost("{id}/enable")]
    public Task<IActionResult> Enable(string id, CancellationToken cancellationToken) => SetEnabledAsync(id, true, cancellationToken);

    [HttpPost("{id}/disable")]
    public Task<IActionResult> Disable(string id, CancellationToken cancellationToken) => SetEnabledAsync(id, false, cancellationToken);

    private async Task<IActionResult> SetEnabledAsync(string id, bool enabled, CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        if (!await types.SetEnabledAsync(id, enabled, User.Identity?.Name, cancellationToken))
        {
            return Problem(title: T["工作流类型不存在"], statusCode: StatusCodes.Status404NotFound);
        }

        sweep.Wake();
        return Ok(await types.GetAsync(id, null, cancellationToken));
    }

    private async Task<IActionResult> SaveAsync(string id, WorkflowTypeDefinition definition, string action, CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        var result = await types.SaveAsync(id, definition, User.Identity?.Name, action, cancellationToken);
        return this.Answer(result, saved =>
        {
            sweep.Wake();
            return Ok(saved);
        }, new CommandProblemTitles { Invalid = T["工作流有错误，未保存"] });
    }

    private Task<bool> CanManageAsync() => authorization.AuthorizeAsync(User, WorkflowPermissions.ManageWorkflows);
}

/// <summary>Workflow instances inside the user's jurisdiction: list, detail, cancel, retry.</summary>
[ApiController]
[Authorize]
[Route("api/workflows")]
[Tags("Workflows")]
public sealed class WorkflowInstancesApiController(WorkflowInstanceService instances, WorkflowSensitiveData sensitive,
    IAuthorizationService authorization, IStringLocalizer<WorkflowInstancesApiController> T) : ControllerBase
{
    [HttpGet]
    public async Task<IActionResult> List(string? type, string? status, string? correlationId, int page = 1, int pageSize = 20,
        CancellationToken cancellationToken = default)
    {
        if (!await CanViewAsync())
        {
            return Forbid();
        }

        WorkflowStatus? parsed = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<WorkflowStatus>(status, ignoreCase: true, out var s))
            {
                ModelState.AddModelError("status", T["状态只能是 running、waiting、finished、faulted 或 cancelled"]);
                return ValidationProblem(title: T["查询条件有误"], modelStateDictionary: ModelState);
            }

            parsed = s;
        }

        pageSize = Math.Clamp(pageSize, 1, 100);
        var (total, items) = await instances.ListAsync(User, type, parsed, correlationId, page, pageSize, cancellationToken);
        return Ok(new { total, page, pageSize, items });
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Get(string id, CancellationToken cancellationToken)
    {
        if (!await CanViewAsync())
        {
            return Forbid();
        }

        if (await instances.GetAsync(User, id, cancellationToken) is not { } found)
        {
            return NotFoundProblem();
        }

        return Ok(new
        {
            instance = await sensitive.ProtectAsync(User, found.Instance, cancellationToken),
            definition = found.Definition is null ? null : await sensitive.ProtectAsync(User, found.Definition),
        });
    }

    [HttpPost("{id}/cancel")]
    public Task<IActionResult> Cancel(string id, CancellationToken cancellationToken) => ChangeAsync(id, retry: false, cancellationToken);

    [HttpPost("{id}/retry")]
    public Task<IActionResult> Retry(string id, CancellationToken cancellationToken) => ChangeAsync(id, retry: true, cancellationToken);

    private async Task<IActionResult> ChangeAsync(string id, bool retry, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, WorkflowPermissions.ManageWorkflows))
        {
            return Forbid();
        }

        var result = await instances.ChangeAsync(User, id, retry, cancellationToken);
        if (result is not { } r)
        {
            return NotFoundProblem();
        }

        return r.Error is { } error
            ? Problem(title: error, statusCode: StatusCodes.Status409Conflict)
            : Ok(await sensitive.ProtectAsync(User, r.Instance!, cancellationToken));
    }

    private ObjectResult NotFoundProblem() => Problem(title: T["工作流实例不存在"], statusCode: StatusCodes.Status404NotFound);

    private async Task<bool> CanViewAsync() =>
        await authorization.AuthorizeAsync(User, WorkflowPermissions.ViewWorkflows)
        || await authorization.AuthorizeAsync(User, WorkflowPermissions.ManageWorkflows);
}

/// <summary>The body of <c>POST /api/tasks/{id}/complete</c>.</summary>
public sealed record CompleteTaskRequest(string? Outcome, string? Comment);

/// <summary>我的待办: the signed-in user's open tasks, and completing one.</summary>
[ApiController]
[Authorize]
[Route("api/tasks")]
[Tags("Workflows")]
public sealed class WorkflowTasksApiController(WorkflowTaskService tasks) : ControllerBase
{
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<WorkflowTaskView>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List(string? contentItemId, CancellationToken cancellationToken) =>
        Ok(await tasks.ListAsync(User, contentItemId, cancellationToken));

    [HttpPost("{id}/complete")]
    public async Task<IActionResult> Complete(string id, [FromBody] CompleteTaskRequest request, CancellationToken cancellationToken)
    {
        var (status, instance, message) = await tasks.CompleteAsync(User, id, request.Outcome, request.Comment, cancellationToken);
        switch (status)
        {
            case TaskCompletionStatus.Completed:
                return Ok(new { instanceId = instance!.Id, status = instance.Status });
            case TaskCompletionStatus.NotFound:
                return Problem(title: message, statusCode: StatusCodes.Status404NotFound);
            case TaskCompletionStatus.Busy:
                return Problem(title: message, statusCode: StatusCodes.Status409Conflict);
            default:
                ModelState.AddModelError("outcome", message ?? "");
                return ValidationProblem(title: message, modelStateDictionary: ModelState);
        }
    }
}
