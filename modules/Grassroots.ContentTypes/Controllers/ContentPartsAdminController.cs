using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Grassroots.ContentTypes.Models;
using Grassroots.ContentTypes.Services;
using Grassroots.Modules;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.ContentTypes.Controllers;

/// <summary>Dashboard screens for reusable parts.</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ContentPartsAdminController(
    IContentDefinitionManager definitions,
    IAuthorizationService authorization,
    IEnabledServices<IContentFieldKind> kinds,
    IStringLocalizer<ContentPartsAdminController> T) : DefinitionAdminControllerBase(authorization, kinds, T)
{
    [HttpGet("/admin/content-parts")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var types = await definitions.ListTypeDefinitionsAsync(cancellationToken);
        var parts = await definitions.ListPartDefinitionsAsync(cancellationToken);
        return View(new PartIndexPage { Rows = parts.Select(p => new PartRow(p, UsedBy(types, p.Name))).ToList() });
    }

    [HttpGet("/admin/content-parts/create")]
    public IActionResult Create() => View(new PartForm());

    [HttpPost("/admin/content-parts/create")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Create(PartForm form, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        form.Name = form.Name?.Trim();
        if (!string.IsNullOrEmpty(form.Name) && await definitions.GetPartDefinitionAsync(form.Name, cancellationToken) is not null)
        {
            ModelState.AddModelError(nameof(PartForm.Name), T["技术名称「{0}」已被其他部件使用", form.Name]);
            return View(form);
        }

        var part = new ContentPartDefinition { Name = form.Name ?? "" };
        form.ApplyTo(part);
        if (string.IsNullOrWhiteSpace(part.DisplayName))
        {
            ModelState.AddModelError(nameof(PartForm.DisplayName), T["请填写显示名称"]);
            return View(form);
        }

        var errors = await definitions.StorePartDefinitionAsync(part, cancellationToken);
        if (errors.Count > 0)
        {
            AddErrors(ModelState, errors);
            return View(form);
        }

        TempData["Success"] = T["已创建内容部件「{0}」，请继续添加字段", part.DisplayName].Value;
        return Redirect($"/admin/content-parts/{Uri.EscapeDataString(part.Name)}");
    }

    [HttpGet("/admin/content-parts/{name}")]
    public async Task<IActionResult> Edit(string name, CancellationToken cancellationToken)
    {
        var part = await definitions.GetPartDefinitionAsync(name, cancellationToken);
        return part is null ? NotFound() : View(await PageAsync(part, PartForm.From(part), cancellationToken));
    }

    [HttpPost("/admin/content-parts/{name}")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Edit(string name, [Bind(Prefix = "Form")] PartForm form, CancellationToken cancellationToken)
    {
        var part = await definitions.GetPartDefinitionAsync(name, cancellationToken);
        if (part is null)
        {
            return NotFound();
        }

        ModelState.Clear();
        form.Name = part.Name;
        var displayName = part.DisplayName;
        form.ApplyTo(part);
        if (string.IsNullOrWhiteSpace(part.DisplayName))
        {
            ModelState.AddModelError("Form.DisplayName", T["请填写显示名称"]);
        }
        else
        {
            var errors = await definitions.StorePartDefinitionAsync(part, cancellationToken);
            if (errors.Count == 0)
            {
                TempData["Success"] = T["已保存"].Value;
                return Redirect($"/admin/content-parts/{Uri.EscapeDataString(part.Name)}");
            }

            AddErrors(ModelState, errors, "Form.");
        }

        part.DisplayName = displayName;
        return View(await PageAsync(part, form, cancellationToken));
    }

    [HttpPost("/admin/content-parts/{name}/delete")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Delete(string name, CancellationToken cancellationToken)
    {
        var part = await definitions.GetPartDefinitionAsync(name, cancellationToken);
        if (part is null)
        {
            return NotFound();
        }

        try
        {
            await definitions.DeletePartDefinitionAsync(name, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            TempData["Error"] = e.Message;
            return Redirect($"/admin/content-parts/{Uri.EscapeDataString(part.Name)}");
        }

        TempData["Success"] = T["已删除内容部件「{0}」", string.IsNullOrEmpty(part.DisplayName) ? part.Name : part.DisplayName].Value;
        return Redirect("/admin/content-parts");
    }

    private async Task<PartEditPage> PageAsync(ContentPartDefinition part, PartForm form, CancellationToken cancellationToken)
        => new()
        {
            Part = part,
            Form = form,
            Fields = Section(FieldContainer.ForPart(part)),
            UsedBy = UsedBy(await definitions.ListTypeDefinitionsAsync(cancellationToken), part.Name),
        };

    private static List<string> UsedBy(IReadOnlyList<ContentTypeDefinition> types, string part)
        => types.Where(t => t.Parts.Contains(part, StringComparer.Ordinal)).Select(t => t.DisplayName).ToList();
}
