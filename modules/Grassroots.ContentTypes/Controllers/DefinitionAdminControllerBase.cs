using System.Text.RegularExpressions;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentTypes.Models;
using Grassroots.ContentTypes.Services;
using Grassroots.Modules;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Grassroots.ContentTypes.Controllers;

/// <summary>
/// What the type, part and field screens share: every action needs <see cref="ContentDefinitionPermissions.ManageContentTypes"/>,
/// the field kinds, and mapping the manager's error paths to form boxes.
/// </summary>
public abstract partial class DefinitionAdminControllerBase(
    IAuthorizationService authorization,
    IEnabledServices<IContentFieldKind> kinds,
    IStringLocalizer localizer) : Controller
{
    protected IStringLocalizer L { get; } = localizer;

    /// <summary>Forbids every action of these screens to users without the permission to manage content types.</summary>
    public override async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        if (!await authorization.AuthorizeAsync(User, ContentDefinitionPermissions.ManageContentTypes))
        {
            context.Result = Forbid();
            return;
        }

        await next();
    }

    protected IReadOnlyList<FieldKindOption> FieldKinds()
        => kinds.All.Select(k => new FieldKindOption(k.Name, L[k.DisplayName])).ToList();

    protected FieldsSection Section(FieldContainer container, NewFieldForm? newField = null)
        => new() { Container = container, Kinds = FieldKinds(), NewField = newField ?? new NewFieldForm() };

    /// <summary>
    /// Adds the manager's errors to the model state: top-level paths (<c>name</c>, <c>displayName</c>) go to the box of
    /// that name under <paramref name="prefix"/>, errors of field <paramref name="fieldIndex"/> to its boxes, the rest
    /// to the summary.
    /// </summary>
    protected static void AddErrors(ModelStateDictionary modelState, IReadOnlyDictionary<string, string[]> errors, string prefix = "", int? fieldIndex = null)
    {
        foreach (var (path, messages) in errors)
        {
            var key = "";
            var field = FieldPath().Match(path);
            if (field.Success)
            {
                if (fieldIndex is { } i && int.Parse(field.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) == i)
                {
                    var rest = field.Groups[2].Value;
                    rest = rest.StartsWith("settings.", StringComparison.Ordinal) ? rest["settings.".Length..] : rest;
                    key = prefix + Pascal(rest == "maxFileSize" ? "maxFileSizeMb" : rest);
                }
            }
            else if (!path.Contains('[', StringComparison.Ordinal) && !path.Contains('.', StringComparison.Ordinal))
            {
                key = prefix + Pascal(path);
            }

            foreach (var message in messages)
            {
                modelState.AddModelError(key, message);
            }
        }
    }

    private static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

    [GeneratedRegex(@"^fields\[(\d+)\]\.(.+)$")]
    private static partial Regex FieldPath();
}
