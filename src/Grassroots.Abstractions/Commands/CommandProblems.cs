using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Grassroots.Commands;

/// <summary>
/// The one place where a <see cref="CommandResult{T}"/> becomes an HTTP answer: RFC 7807 problem details through the
/// controller's <see cref="ProblemDetailsFactory"/> (type and traceId like every other problem) — 404 not found, 403 with
/// the reason as title, 400 with <c>errors</c> by field (<see cref="ValidationProblemDetails"/>) or 400 with the message
/// as title, 409 for a conflict. Screens put the field messages into the model state with <see cref="AddTo{T}"/>.
/// </summary>
public static class CommandProblems
{
    /// <summary>The answer to a command: <paramref name="success"/> with the value, or the problem of its failure.</summary>
    public static IActionResult Answer<T>(this ControllerBase controller, CommandResult<T> result, Func<T, IActionResult> success,
        CommandProblemTitles? titles = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(success);
        return controller.ProblemFor(result, titles) ?? success(result.Value!);
    }

    /// <summary>The problem of a failed command; null when it succeeded.</summary>
    public static IActionResult? ProblemFor<T>(this ControllerBase controller, CommandResult<T> result, CommandProblemTitles? titles = null)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(result);
        titles ??= new CommandProblemTitles();
        switch (result.Status)
        {
            case CommandStatus.Succeeded:
                return null;
            case CommandStatus.NotFound:
                return controller.Problem(title: titles.NotFound ?? result.Message ?? "未找到", statusCode: StatusCodes.Status404NotFound);
            case CommandStatus.Forbidden:
                return controller.Problem(title: result.Message ?? "无权进行此操作", detail: titles.ForbiddenDetail, statusCode: StatusCodes.Status403Forbidden);
            case CommandStatus.Conflict:
                return titles.Conflict is { } conflict
                    ? controller.Problem(title: conflict, detail: result.Message, statusCode: StatusCodes.Status409Conflict)
                    : controller.Problem(title: result.Message ?? "数据已被他人修改，请刷新后重试", statusCode: StatusCodes.Status409Conflict);
            default:
                if (result.Errors.Count == 0)
                {
                    return controller.Problem(title: result.Message ?? titles.Failed ?? "操作失败", statusCode: StatusCodes.Status400BadRequest);
                }

                var state = new ModelStateDictionary();
                result.AddTo(state);
                return controller.ValidationProblem(title: titles.Invalid ?? "提交的数据有误", modelStateDictionary: state,
                    statusCode: StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>
    /// Adds the field messages of a result to a screen's model state (keys through <paramref name="key"/> when the form's
    /// names differ); a message without a field goes under the empty key, the form's summary.
    /// </summary>
    public static void AddTo<T>(this CommandResult<T> result, ModelStateDictionary modelState, Func<string, string>? key = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(modelState);
        foreach (var (field, messages) in result.Errors)
        {
            foreach (var message in messages)
            {
                modelState.AddModelError(key is null ? field : key(field), message);
            }
        }

        if (result.Errors.Count == 0 && result.Message is { } whole && !result.Succeeded)
        {
            modelState.AddModelError(string.Empty, whole);
        }
    }
}
