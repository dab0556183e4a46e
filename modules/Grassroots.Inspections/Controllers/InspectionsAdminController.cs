using Grassroots.Inspections.Models;
using Grassroots.Inspections.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Grassroots.Inspections.Controllers;

/// <summary>Dashboard: recent comments, and the comments of one item with a form for inspectors.</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class InspectionsAdminController(InspectionService inspections) : Controller
{
    [HttpGet("/admin/inspections")]
    public async Task<IActionResult> Index(int page = 1, CancellationToken cancellationToken = default)
    {
        if (!await inspections.CanViewAsync(User))
        {
            return Forbid();
        }

        var (total, items) = await inspections.ListAsync(User, null, null, page, 30, cancellationToken);
        return View(new InspectionListPage(total, Math.Max(page, 1), 30, items, null, await inspections.CanCommentAsync(User), null, null));
    }

    [HttpGet("/admin/inspections/item/{id}")]
    public async Task<IActionResult> Item(string id, CancellationToken cancellationToken = default)
    {
        if (!await inspections.CanViewAsync(User))
        {
            return Forbid();
        }

        var item = await inspections.FindItemAsync(User, id, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        var (total, items) = await inspections.ListAsync(User, id, null, 1, 100, cancellationToken);
        return View("Index", new InspectionListPage(total, 1, 100, items, item, await inspections.CanCommentAsync(User), null, null));
    }

    [HttpPost("/admin/inspections/item/{id}")]
    public async Task<IActionResult> Comment(string id, string? text, CancellationToken cancellationToken = default)
    {
        if (!await inspections.CanCommentAsync(User))
        {
            return Forbid();
        }

        var (_, error, notFound) = await inspections.AddAsync(User, id, null, text, cancellationToken);
        if (notFound)
        {
            return NotFound();
        }

        if (error is not null)
        {
            var item = await inspections.FindItemAsync(User, id, cancellationToken);
            var (total, items) = await inspections.ListAsync(User, id, null, 1, 100, cancellationToken);
            return View("Index", new InspectionListPage(total, 1, 100, items, item, true, error, text));
        }

        return Redirect($"/admin/inspections/item/{Uri.EscapeDataString(id)}");
    }
}

/// <summary>The comments screen.</summary>
public sealed record InspectionListPage(int Total, int Page, int PageSize, IReadOnlyList<InspectionComment> Items,
    Grassroots.ContentManagement.ContentItemRecord? Item, bool CanComment, string? Error, string? Text);
