using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.Workflows.Controllers;

/// <summary>The body of <c>POST /api/workflows/signal</c>.</summary>
public sealed record SignalRequest(string? Signal, string? CorrelationId, JsonObject? Input);

/// <summary>
/// Signals resume workflows waiting at a Signal activity: by API (users who manage workflows, any waiting instance with
/// the correlation id) or by the signed URL a Signal activity publishes in <c>properties.signalUrls.&lt;name&gt;</c>
/// (anyone holding the link, exactly that instance, for 30 days).
/// </summary>
[ApiController]
[Tags("Workflows")]
public sealed class WorkflowSignalController(IWorkflowManager manager, IWorkflowStore store, IDataProtectionProvider protection,
    IAuthorizationService authorization, IStringLocalizer<WorkflowSignalController> T) : ControllerBase
{
    /// <summary>The data-protection purpose of signal links (the same string as the Signal activity's).</summary>
    public const string SignalProtectorPurpose = "Grassroots.Workflows.Signal";

    [Authorize]
    [HttpPost("/api/workflows/signal")]
    public async Task<IActionResult> Signal([FromBody] SignalRequest request, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, WorkflowPermissions.ManageWorkflows))
        {
            return Forbid();
        }

        if (string.IsNullOrWhiteSpace(request.Signal))
        {
            ModelState.AddModelError("signal", T["请填写信号名称"]);
            return ValidationProblem(title: T["请填写信号名称"], modelStateDictionary: ModelState);
        }

        var input = request.Input?.DeepClone().AsObject() ?? [];
        input["signal"] = request.Signal;
        var touched = await manager.TriggerEventAsync("Signal", input, string.IsNullOrWhiteSpace(request.CorrelationId) ? null : request.CorrelationId,
            User.Identity?.Name, cancellationToken);
        return Ok(new { resumed = touched.Select(i => new { i.Id, i.Status }) });
    }

    [AllowAnonymous]
    [IgnoreAntiforgeryToken]
    [HttpPost("/workflows/signal/{token}")]
    public async Task<IActionResult> SignedSignal(string token, CancellationToken cancellationToken)
    {
        string payload;
        try
        {
            payload = protection.CreateProtector(SignalProtectorPurpose).ToTimeLimitedDataProtector().Unprotect(token);
        }
        catch (CryptographicException)
        {
            return Problem(title: T["链接无效或已过期"], statusCode: StatusCodes.Status404NotFound);
        }

        var parts = payload.Split('|', 2);
        var instance = parts.Length == 2 ? await store.GetInstanceAsync(parts[0], cancellationToken) : null;
        var type = instance is null ? null : await store.GetTypeAsync(instance.WorkflowTypeId, instance.WorkflowTypeVersion, cancellationToken);
        var blocking = instance?.Blockings.Find(b => b.ActivityType == "Signal"
            && type?.FindActivity(b.ActivityId)?.Properties["SignalName"]?.GetValue<string>() == parts[1]);
        if (blocking is null)
        {
            return Problem(title: T["该流程已不再等待这个信号"], statusCode: StatusCodes.Status409Conflict);
        }

        var resumed = await manager.ResumeAsync(instance!.Id, blocking.ActivityId, new JsonObject { ["signal"] = parts[1] }, null, cancellationToken);
        return resumed is null
            ? Problem(title: T["该流程正在运行，请稍后再试"], statusCode: StatusCodes.Status409Conflict)
            : Ok(new { resumed.Id, resumed.Status });
    }
}
