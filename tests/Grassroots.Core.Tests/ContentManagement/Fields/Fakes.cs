using Grassroots.Commands;
using Grassroots.ContentManagement;
using Grassroots.OrgUnits;

namespace Grassroots.Core.Tests.ContentManagement.Fields;

/// <summary>Only <see cref="Query"/> is used by the content picker.</summary>
internal sealed class FakeContentManager(params ContentItemRecord[] records) : IContentManager
{
    public IQueryable<ContentItemRecord> Query() => records.AsQueryable();

    public Task<ContentItem> NewAsync(string contentType, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
    public Task<ContentItem?> GetAsync(string contentItemId, VersionOptions options = VersionOptions.Published, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
    public Task<ContentItem?> GetVersionAsync(string contentItemVersionId, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
    public Task<IReadOnlyList<ContentItem>> GetVersionsAsync(string contentItemId, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
    public Task<CommandResult<ContentItem>> CreateAsync(ContentItem item, VersionOptions options, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
    public Task<CommandResult<ContentItem>> UpdateAsync(ContentItem item, string? expectedStamp, bool publish, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
    public Task<CommandResult<ContentItem>> PublishAsync(string contentItemId, string? expectedStamp = null, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
    public Task<CommandResult<ContentItem>> UnpublishAsync(string contentItemId, string? expectedStamp = null, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
    public Task<CommandResult<ContentItem>> RemoveAsync(string contentItemId, string? expectedStamp = null, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
    public Task<CommandResult<ContentItem>> RestoreAsync(string contentItemId, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
    public Task<CommandResult<ContentItem>> RestoreVersionAsync(string contentItemVersionId, string? expectedStamp, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
    public Task<IReadOnlyList<ContentFieldChange>> DiffAsync(ContentItem? before, ContentItem after, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
    public ContentItem Load(ContentItemRecord record) => throw new InvalidOperationException();
}

/// <summary>Only <see cref="GetAsync"/> is used by the org-unit picker.</summary>
internal sealed class FakeOrgUnitService(params OrgUnit[] units) : IOrgUnitService
{
    public Task<OrgUnit?> GetAsync(string code, CancellationToken cancellationToken = default)
        => Task.FromResult(units.FirstOrDefault(u => u.Code == code));

    public Task<IReadOnlyList<OrgUnitSummary>> GetChildrenAsync(string? parentCode, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
    public Task<IReadOnlyList<OrgUnit>> GetLineageAsync(string code, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
    public Task<OrgUnit?> GetRootAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException();
}
