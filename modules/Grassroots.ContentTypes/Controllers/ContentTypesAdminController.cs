using System.Security.Cryptography;
using System.Text;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Grassroots.ContentTypes.Models;
using Grassroots.ContentTypes.Services;
using Grassroots.Modules;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.ContentTypes.Controllers;

/// <summary>Dashboard screens for content types.</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ContentTypesAdminController(
    IContentDefinitionManager definitions,
    IContentManager contents,
    IAuthorizationService authorization,
    IEnabledServices<IContentFieldKind> kinds,
    IFeatureManager features,
    IStringLocalizer<ContentTypesAdminController> T) : DefinitionAdminControllerBase(authorization, kinds, T)
{
    [HttpGet("/admin/content-types")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var types = await definitions.ListTypeDefinitionsAsync(cancellationToken);
        var counts = ItemCounts();
        return View(new TypeIndexPage
        {
            Rows = types.Select(t => new TypeRow(t, counts.GetValueOrDefault(t.Name))).ToList(),
            PartNames = await PartNamesAsync(cancellationToken),
        });
    }

    [HttpGet("/admin/content-types/create")]
    public IActionResult Create() => View(new TypeCreatePage { Form = new TypeForm { Name = SuggestName(null) } });

    [HttpPost("/admin/content-types/create")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] TypeForm form, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (string.IsNullOrWhiteSpace(form.Name))
        {
            form.Name = SuggestName(form.DisplayName);
        }

        form.Name = form.Name.Trim();
        if (await definitions.GetTypeDefinitionAsync(form.Name, cancellationToken) is not null)
        {
            ModelState.AddModelError("Form.Name", T["技术名称「{0}」已被其他类型使用", form.Name]);
            return View(new TypeCreatePage { Form = form });
        }

        var type = new ContentTypeDefinition { Name = form.Name };
        form.ApplyTo(type);
        var errors = await definitions.StoreTypeDefinitionAsync(type, cancellationToken);
        if (errors.Count > 0)
        {
            AddErrors(ModelState, errors, "Form.");
            return View(new TypeCreatePage { Form = form });
        }

        TempData["Success"] = T["已创建内容类型「{0}」，请继续添加字段", type.DisplayName].Value;
        return Redirect($"/admin/content-types/{Uri.EscapeDataString(type.Name)}");
    }

    [HttpGet("/admin/content-types/{name}")]
    public async Task<IActionResult> Edit(string name, CancellationToken cancellationToken)
    {
        var type = await definitions.GetTypeDefinitionAsync(name, cancellationToken);
        return type is null ? NotFound() : View(await PageAsync(type, TypeForm.From(type), cancellationToken));
    }

    [HttpPost("/admin/content-types/{name}")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Edit(string name, [Bind(Prefix = "Form")] TypeForm form, CancellationToken cancellationToken)
    {
        var type = await definitions.GetTypeDefinitionAsync(name, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        ModelState.Clear();
        var original = TypeForm.From(type);
        form.Name = type.Name;
        form.ApplyTo(type);
        var errors = await definitions.StoreTypeDefinitionAsync(type, cancellationToken);
        if (errors.Count > 0)
        {
            AddErrors(ModelState, errors, "Form.");
            type.DisplayName = original.DisplayName ?? type.Name;
            return View(await PageAsync(type, form, cancellationToken));
        }

        TempData["Success"] = T["已保存"].Value;
        return Redirect($"/admin/content-types/{Uri.EscapeDataString(type.Name)}");
    }

    [HttpPost("/admin/content-types/{name}/parts/add")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> AddPart(string name, string? partName, CancellationToken cancellationToken)
        => ChangePartsAsync(name, partName, add: true, cancellationToken);

    [HttpPost("/admin/content-types/{name}/parts/remove")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> RemovePart(string name, string? partName, CancellationToken cancellationToken)
        => ChangePartsAsync(name, partName, add: false, cancellationToken);

    [HttpPost("/admin/content-types/{name}/delete")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Delete(string name, CancellationToken cancellationToken)
    {
        var type = await definitions.GetTypeDefinitionAsync(name, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        var count = contents.Query().Where(r => r.ContentType == name && !r.Deleted && r.Latest).Count();
        if (count > 0 || contents.Query().Any(r => r.ContentType == name && !r.Deleted))
        {
            TempData["Error"] = T["类型「{0}」下还有 {1} 条内容，不能删除。请先删除这些内容。", type.DisplayName, Math.Max(count, 1)].Value;
            return Redirect($"/admin/content-types/{Uri.EscapeDataString(type.Name)}");
        }

        await definitions.DeleteTypeDefinitionAsync(name, cancellationToken);
        TempData["Success"] = T["已删除内容类型「{0}」", type.DisplayName].Value;
        return Redirect("/admin/content-types");
    }

    private async Task<IActionResult> ChangePartsAsync(string name, string? partName, bool add, CancellationToken cancellationToken)
    {
        var type = await definitions.GetTypeDefinitionAsync(name, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(partName))
        {
            TempData["Error"] = T["请选择部件"].Value;
        }
        else
        {
            if (add)
            {
                type.Parts.Add(partName);
            }
            else
            {
                type.Parts.Remove(partName);
            }

            var errors = await definitions.StoreTypeDefinitionAsync(type, cancellationToken);
            if (errors.Count > 0)
            {
                TempData["Error"] = string.Join(" ", errors.SelectMany(e => e.Value));
            }
            else
            {
                TempData["Success"] = (add ? T["已添加部件「{0}」", partName] : T["已移除部件「{0}」", partName]).Value;
            }
        }

        return Redirect($"/admin/content-types/{Uri.EscapeDataString(type.Name)}");
    }

    private async Task<TypeEditPage> PageAsync(ContentTypeDefinition type, TypeForm form, CancellationToken cancellationToken)
    {
        var parts = await definitions.ListPartDefinitionsAsync(cancellationToken);
        return new TypeEditPage
        {
            Type = type,
            Form = form,
            Fields = Section(FieldContainer.ForType(type)),
            AvailableParts = parts.Where(p => p.Attachable && !type.Parts.Contains(p.Name, StringComparer.Ordinal)).ToList(),
            PartNames = parts.ToDictionary(p => p.Name, p => string.IsNullOrEmpty(p.DisplayName) ? p.Name : p.DisplayName),
            ItemCount = contents.Query().Count(r => r.ContentType == type.Name && r.Latest && !r.Deleted),
            OwnerName = string.IsNullOrWhiteSpace(type.Settings.OwnedBy) ? null
                : features.GetFeature(type.Settings.OwnedBy.Trim())?.Name ?? type.Settings.OwnedBy.Trim(),
        };
    }

    private async Task<IReadOnlyDictionary<string, string>> PartNamesAsync(CancellationToken cancellationToken)
        => (await definitions.ListPartDefinitionsAsync(cancellationToken))
            .ToDictionary(p => p.Name, p => string.IsNullOrEmpty(p.DisplayName) ? p.Name : p.DisplayName);

    private Dictionary<string, int> ItemCounts()
        => contents.Query()
            .Where(r => r.Latest && !r.Deleted)
            .GroupBy(r => r.ContentType)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToList()
            .ToDictionary(g => g.Key, g => g.Count);

    /// <summary>
    /// A technical name for a display name: the display name itself in PascalCase when it is plain ASCII, otherwise
    /// <c>Type</c> and six random characters (the user may type a better one).
    /// </summary>
    internal static string SuggestName(string? displayName)
    {
        if (!string.IsNullOrWhiteSpace(displayName) && displayName.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '_' or '-'))
        {
            var builder = new StringBuilder();
            foreach (var word in displayName.Split([' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries))
            {
                builder.Append(char.ToUpperInvariant(word[0])).Append(word[1..]);
            }

            var name = builder.ToString();
            if (name.Length is > 0 and <= 64 && char.IsAsciiLetter(name[0]))
            {
                return name;
            }
        }

        return "Type" + RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz23456789", 6);
    }
}
