using Grassroots.ContentManagement.Metadata;
using Grassroots.Localization;
using Grassroots.Search.Lucene.Models;
using Grassroots.Search.Lucene.Services;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.Search.Lucene.Controllers;

/// <summary>One row of the index list.</summary>
public sealed record SearchIndexRow(SearchIndexRecord Definition, int Documents, long Cursor, DateTime? LastAppliedUtc, RebuildProgress Progress);

/// <summary>The create/edit form.</summary>
public sealed class SearchIndexForm
{
    public bool IsNew { get; set; }

    public string Name { get; set; } = "";

    public string Analyzer { get; set; } = SearchAnalyzers.SmartCn;

    public List<string> ContentTypes { get; set; } = [];

    public string Versions { get; set; } = SearchVersions.Published;

    public IReadOnlyList<ContentTypeDefinition> AvailableTypes { get; set; } = [];

    public Dictionary<string, string> Errors { get; set; } = [];
}

/// <summary>Dashboard: search index definitions, rebuild (with progress) and reset.</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class SearchIndexesAdminController(
    IAuthorizationService authorization,
    SearchIndexStore store,
    LuceneIndexManager manager,
    IndexingBackgroundService background,
    ISearchIndexer indexer,
    IContentDefinitionManager definitions,
    IStringLocalizer<SearchIndexesAdminController> T) : Controller
{
    private Task<bool> AllowedAsync() => authorization.AuthorizeAsync(User, SearchPermissions.ManageSearchIndexes);

    [HttpGet("/admin/search/indexes")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        if (!await AllowedAsync())
        {
            return Forbid();
        }

        var rows = new List<SearchIndexRow>();
        foreach (var definition in await store.ListAsync(cancellationToken))
        {
            var index = manager.Open(definition);
            rows.Add(new SearchIndexRow(definition, index.DocumentCount, index.Cursor, index.LastAppliedUtc, index.Progress));
        }

        return View(rows);
    }

    [HttpGet("/admin/search/indexes/{name}/status")]
    public async Task<IActionResult> Status(string name, CancellationToken cancellationToken)
    {
        if (!await AllowedAsync())
        {
            return Forbid();
        }

        if (await store.GetAsync(name, cancellationToken) is not { } definition)
        {
            return NotFound();
        }

        var index = manager.Open(definition);
        var p = index.Progress;
        return Json(new
        {
            running = p.Running,
            done = p.Done,
            total = p.Total,
            percent = p.Total == 0 ? (p.Running ? 0 : 100) : p.Done * 100 / p.Total,
            error = p.Error,
            documents = index.DocumentCount,
            cursor = index.Cursor,
            lastApplied = index.LastAppliedUtc is { } t ? BusinessTime.FormatDateTime(t) : null,
        });
    }

    [HttpGet("/admin/search/indexes/create")]
    public async Task<IActionResult> Create(CancellationToken cancellationToken)
    {
        if (!await AllowedAsync())
        {
            return Forbid();
        }

        return View("Edit", new SearchIndexForm { IsNew = true, AvailableTypes = await definitions.ListTypeDefinitionsAsync(cancellationToken) });
    }

    [HttpGet("/admin/search/indexes/{name}/edit")]
    public async Task<IActionResult> Edit(string name, CancellationToken cancellationToken)
    {
        if (!await AllowedAsync())
        {
            return Forbid();
        }

        if (await store.GetAsync(name, cancellationToken) is not { } d)
        {
            return NotFound();
        }

        return View(new SearchIndexForm
        {
            Name = d.Name,
            Analyzer = d.Analyzer,
            ContentTypes = [.. d.TypeList],
            Versions = d.Versions,
            AvailableTypes = await definitions.ListTypeDefinitionsAsync(cancellationToken),
        });
    }

    [HttpPost("/admin/search/indexes/save")]
    public async Task<IActionResult> Save(SearchIndexForm form, CancellationToken cancellationToken)
    {
        if (!await AllowedAsync())
        {
            return Forbid();
        }

        form.Name = form.Name?.Trim() ?? "";
        var record = new SearchIndexRecord { Name = form.Name, Analyzer = form.Analyzer, Versions = form.Versions, ContentTypes = string.Join(",", form.ContentTypes ?? []) };
        form.Errors = SearchIndexStore.Validate(record).ToDictionary(e => e.Key, e => T[e.Value].Value);
        if (form.IsNew && form.Errors.Count == 0 && await store.GetAsync(form.Name, cancellationToken) is not null)
        {
            form.Errors[nameof(form.Name)] = T["名称 {0} 已被使用。", form.Name].Value;
        }

        if (form.Errors.Count > 0)
        {
            form.AvailableTypes = await definitions.ListTypeDefinitionsAsync(cancellationToken);
            return View("Edit", form);
        }

        await store.SaveAsync(record, cancellationToken);
        TempData["Success"] = T["检索索引 {0} 已保存。", form.Name].Value;
        return Redirect("/admin/search/indexes");
    }

    [HttpPost("/admin/search/indexes/{name}/delete")]
    public async Task<IActionResult> Delete(string name, CancellationToken cancellationToken)
    {
        if (!await AllowedAsync())
        {
            return Forbid();
        }

        var deleted = await store.DeleteAsync(name, cancellationToken);
        TempData[deleted ? "Success" : "Error"] = deleted
            ? T["检索索引 {0} 已删除。", name].Value
            : T["检索索引 {0} 删除失败。", name].Value;
        return Redirect("/admin/search/indexes");
    }

    [HttpPost("/admin/search/indexes/{name}/rebuild")]
    public async Task<IActionResult> Rebuild(string name, CancellationToken cancellationToken)
    {
        if (!await AllowedAsync())
        {
            return Forbid();
        }

        if (await store.GetAsync(name, cancellationToken) is not { } definition)
        {
            return NotFound();
        }

        var started = background.StartRebuild(definition);
        TempData[started ? "Success" : "Error"] = started
            ? T["检索索引 {0} 正在重建。", name].Value
            : T["检索索引 {0} 已在重建中。", name].Value;
        return Redirect("/admin/search/indexes");
    }

    [HttpPost("/admin/search/indexes/{name}/reset")]
    public async Task<IActionResult> Reset(string name, CancellationToken cancellationToken)
    {
        if (!await AllowedAsync())
        {
            return Forbid();
        }

        if (await store.GetAsync(name, cancellationToken) is null)
        {
            return NotFound();
        }

        await indexer.ResetAsync(name, cancellationToken);
        TempData["Success"] = T["检索索引 {0} 的游标已重置，将重新应用全部索引任务。", name].Value;
        return Redirect("/admin/search/indexes");
    }
}
