using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Grassroots.ContentTypes.Models;
using Grassroots.ContentTypes.Services;
using Grassroots.Modules;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.ContentTypes.Controllers;

/// <summary>
/// The field editor, one piece of code for the fields of a type (<c>/admin/content-types/{name}/fields…</c>) and of a
/// part (<c>/admin/content-parts/{name}/fields…</c>).
/// </summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ContentFieldsAdminController(
    FieldContainerStore store,
    IContentDefinitionManager definitions,
    IAuthorizationService authorization,
    IEnabledServices<IContentFieldKind> kinds,
    IStringLocalizer<ContentFieldsAdminController> T) : DefinitionAdminControllerBase(authorization, kinds, T)
{
    private FieldContainerKind Kind => Request.Path.StartsWithSegments("/admin/content-parts") ? FieldContainerKind.Part : FieldContainerKind.Type;

    [HttpGet("/admin/content-types/{name}/fields/add")]
    [HttpGet("/admin/content-parts/{name}/fields/add")]
    public async Task<IActionResult> Add(string name, CancellationToken cancellationToken)
    {
        var container = await store.LoadAsync(Kind, name, cancellationToken);
        return container is null ? NotFound() : View(new AddFieldPage { Section = Section(container) });
    }

    [HttpPost("/admin/content-types/{name}/fields/add")]
    [HttpPost("/admin/content-parts/{name}/fields/add")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Add(string name, [Bind(Prefix = "NewField")] NewFieldForm form, CancellationToken cancellationToken)
    {
        var container = await store.LoadAsync(Kind, name, cancellationToken);
        if (container is null)
        {
            return NotFound();
        }

        ModelState.Clear();
        var field = new ContentFieldDefinition
        {
            Name = form.Name?.Trim() ?? "",
            DisplayName = form.DisplayName?.Trim() ?? "",
            Kind = form.Kind ?? "",
        };
        if (string.IsNullOrWhiteSpace(field.DisplayName))
        {
            ModelState.AddModelError("NewField.DisplayName", T["请填写字段的显示名称"]);
        }

        if (string.IsNullOrEmpty(field.Kind))
        {
            ModelState.AddModelError("NewField.Kind", T["请选择字段类型"]);
        }

        if (ModelState.IsValid)
        {
            container.Fields.Add(field);
            var errors = await store.SaveAsync(container, cancellationToken);
            if (errors.Count == 0)
            {
                TempData["Success"] = T["已添加字段「{0}」", field.DisplayName].Value;
                return Redirect(container.EditUrl);
            }

            AddErrors(ModelState, errors, "NewField.", container.Fields.Count - 1);
            container.Fields.RemoveAt(container.Fields.Count - 1);
        }

        return View(new AddFieldPage { Section = Section(container, form) });
    }

    [HttpGet("/admin/content-types/{name}/fields/{field}")]
    [HttpGet("/admin/content-parts/{name}/fields/{field}")]
    public async Task<IActionResult> Edit(string name, string field, CancellationToken cancellationToken)
    {
        var container = await store.LoadAsync(Kind, name, cancellationToken);
        var index = container?.IndexOf(field) ?? -1;
        if (container is null || index < 0)
        {
            return NotFound();
        }

        var definition = container.Fields[index];
        return View(await PageAsync(container, definition, FieldForm.From(definition), cancellationToken));
    }

    [HttpPost("/admin/content-types/{name}/fields/{field}")]
    [HttpPost("/admin/content-parts/{name}/fields/{field}")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Edit(string name, string field, [Bind(Prefix = "Form")] FieldForm form, CancellationToken cancellationToken)
    {
        var container = await store.LoadAsync(Kind, name, cancellationToken);
        var index = container?.IndexOf(field) ?? -1;
        if (container is null || index < 0)
        {
            return NotFound();
        }

        ModelState.Clear();
        var definition = container.Fields[index];
        var original = FieldForm.From(definition);
        if (string.IsNullOrWhiteSpace(form.DisplayName))
        {
            ModelState.AddModelError("Form.DisplayName", T["请填写字段的显示名称"]);
        }

        form.ApplyTo(definition, (property, message) => ModelState.AddModelError("Form." + property, T[message]));
        if (ModelState.IsValid)
        {
            var errors = await store.SaveAsync(container, cancellationToken);
            if (errors.Count == 0)
            {
                TempData["Success"] = T["已保存字段「{0}」", definition.DisplayName].Value;
                return Redirect(container.EditUrl);
            }

            AddErrors(ModelState, errors, "Form.", index);
        }

        definition.DisplayName = original.DisplayName ?? definition.Name;
        return View(await PageAsync(container, definition, form, cancellationToken));
    }

    [HttpPost("/admin/content-types/{name}/fields/{field}/remove")]
    [HttpPost("/admin/content-parts/{name}/fields/{field}/remove")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Remove(string name, string field, CancellationToken cancellationToken)
        => ChangeAsync(name, field, (container, index) =>
        {
            var removed = container.Fields[index];
            container.Fields.RemoveAt(index);
            return T["已移除字段「{0}」", removed.DisplayName];
        }, cancellationToken);

    [HttpPost("/admin/content-types/{name}/fields/{field}/move")]
    [HttpPost("/admin/content-parts/{name}/fields/{field}/move")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Move(string name, string field, string? direction, CancellationToken cancellationToken)
        => ChangeAsync(name, field, (container, index) =>
        {
            var target = direction == "up" ? index - 1 : index + 1;
            if (target < 0 || target >= container.Fields.Count)
            {
                return null;
            }

            (container.Fields[index], container.Fields[target]) = (container.Fields[target], container.Fields[index]);
            return T["已调整字段顺序"];
        }, cancellationToken);

    private async Task<IActionResult> ChangeAsync(string name, string field, Func<FieldContainer, int, LocalizedString?> change, CancellationToken cancellationToken)
    {
        var container = await store.LoadAsync(Kind, name, cancellationToken);
        var index = container?.IndexOf(field) ?? -1;
        if (container is null || index < 0)
        {
            return NotFound();
        }

        var message = change(container, index);
        if (message is not null)
        {
            var errors = await store.SaveAsync(container, cancellationToken);
            if (errors.Count > 0)
            {
                TempData["Error"] = string.Join(" ", errors.SelectMany(e => e.Value));
            }
            else
            {
                TempData["Success"] = message.Value;
            }
        }

        return Redirect(container.EditUrl + "#fields");
    }

    private async Task<FieldEditPage> PageAsync(FieldContainer container, ContentFieldDefinition field, FieldForm form, CancellationToken cancellationToken)
        => new()
        {
            Container = container,
            Field = field,
            Form = form,
            KindDisplayName = FieldKinds().FirstOrDefault(k => k.Name == field.Kind)?.DisplayName ?? field.Kind,
            ContentTypes = field.Kind == ContentFieldKinds.ContentPicker
                ? (await definitions.ListTypeDefinitionsAsync(cancellationToken)).Select(t => KeyValuePair.Create(t.Name, t.DisplayName)).ToList()
                : [],
        };
}
