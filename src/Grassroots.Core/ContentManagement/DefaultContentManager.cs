using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.Commands;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Data;
using Grassroots.Modules;
using Grassroots.OrgUnits;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Grassroots.ContentManagement;

/// <summary>
/// Stores content items as one row per version, validates them against their type, and writes index rows in the same
/// transaction, binding the files of attachment fields to the item there too, and the change's outbox messages
/// (<see cref="ContentEventMessage"/>). Event handlers run after the commit, then the outbox is flushed.
/// </summary>
internal sealed class DefaultContentManager(
    GrassrootsDbContext db,
    IContentDefinitionManager definitions,
    IEnabledServices<IContentFieldKind> fieldKinds,
    IEnabledServices<IIndexProvider> indexProviders,
    IEnabledServices<IContentEventHandler> eventHandlers,
    IOrgUnitService orgUnits,
    IServiceProvider services,
    IStringLocalizer<DefaultContentManager> T,
    TimeProvider clock,
    IEnabledServices<IContentValidator> validators,
    Media.AttachmentRegistry attachments,
    IOutbox outbox,
    IHttpContextAccessor? httpContextAccessor = null) : IContentManager
{
    private static readonly MethodInfo DeleteRowsMethod = typeof(DefaultContentManager)
        .GetMethod(nameof(DeleteIndexRowsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    public async Task<ContentItem> NewAsync(string contentType, CancellationToken cancellationToken = default)
    {
        var item = new ContentItem { ContentType = contentType };
        foreach (var part in await definitions.GetLayoutAsync(contentType, cancellationToken))
        {
            foreach (var field in part.Fields.Where(f => f.Settings.Default is not null))
            {
                item.SetFieldValue(part.Name, field.Name, field.Settings.Default!.DeepClone());
            }
        }

        var root = await orgUnits.GetRootAsync(cancellationToken);
        item.OrgUnitCode = root?.Code ?? "";
        return item;
    }

    public async Task<ContentItem?> GetAsync(string contentItemId, VersionOptions options = VersionOptions.Published, CancellationToken cancellationToken = default)
    {
        var query = db.ContentItems.AsNoTracking().Where(r => r.ContentItemId == contentItemId && !r.Deleted);
        query = options == VersionOptions.Published ? query.Where(r => r.Published) : query.Where(r => r.Latest);
        var record = await query.FirstOrDefaultAsync(cancellationToken);
        return record is null ? null : Load(record);
    }

    public async Task<ContentItem?> GetVersionAsync(string contentItemVersionId, CancellationToken cancellationToken = default)
    {
        var record = await db.ContentItems.AsNoTracking().FirstOrDefaultAsync(r => r.ContentItemVersionId == contentItemVersionId, cancellationToken);
        return record is null ? null : Load(record);
    }

    public async Task<IReadOnlyList<ContentItem>> GetVersionsAsync(string contentItemId, CancellationToken cancellationToken = default)
        => (await db.ContentItems.AsNoTracking().Where(r => r.ContentItemId == contentItemId)
                .OrderByDescending(r => r.Number).ToListAsync(cancellationToken))
            .Select(Load).ToList();

    public IQueryable<ContentItemRecord> Query() => db.ContentItems.AsNoTracking();

    public ContentItem Load(ContentItemRecord record) => new()
    {
        ContentItemId = record.ContentItemId,
        ContentItemVersionId = record.ContentItemVersionId,
        ContentType = record.ContentType,
        DisplayText = record.DisplayText,
        OrgUnitCode = record.OrgUnitCode,
        Latest = record.Latest,
        Published = record.Published,
        Deleted = record.Deleted,
        Number = record.Number,
        ConcurrencyStamp = record.ConcurrencyStamp,
        Owner = record.Owner,
        Author = record.Author,
        CreatedUtc = record.CreatedUtc,
        ModifiedUtc = record.ModifiedUtc,
        PublishedUtc = record.PublishedUtc,
        Content = JsonNode.Parse(record.Data) as JsonObject ?? [],
    };

    public async Task<CommandResult<ContentItem>> CreateAsync(ContentItem item, VersionOptions options, CancellationToken cancellationToken = default)
    {
        var type = await definitions.GetTypeDefinitionAsync(item.ContentType, cancellationToken);
        if (type is null)
        {
            return Invalid("contentType", T["内容类型「{0}」不存在", item.ContentType]);
        }

        var layout = await definitions.GetLayoutAsync(type.Name, cancellationToken);
        var (errors, orgPath) = await ValidateAsync(item, type, layout, cancellationToken);
        if (errors.Count == 0)
        {
            errors = await RunValidatorsAsync(item, options == VersionOptions.Published || !type.Settings.Draftable, cancellationToken);
        }

        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }

        var now = Now();
        var user = CurrentUserName();
        item.ContentItemId = string.IsNullOrWhiteSpace(item.ContentItemId) ? IdGenerator.NewId(clock) : item.ContentItemId;
        if (await db.ContentItems.AnyAsync(r => r.ContentItemId == item.ContentItemId, cancellationToken))
        {
            return CommandResult.Conflict(T["内容项 {0} 已存在", item.ContentItemId]);
        }

        item.ContentItemVersionId = IdGenerator.NewId(clock);
        item.Number = 1;
        item.Latest = true;
        item.Published = options == VersionOptions.Published || !type.Settings.Draftable;
        item.Deleted = false;
        item.CreatedUtc = now;
        item.ModifiedUtc = now;
        item.PublishedUtc = item.Published ? now : null;
        item.Owner ??= user;
        item.Author = user;
        item.DisplayText = ComputeDisplayText(item, type, layout);
        item.ConcurrencyStamp = Guid.NewGuid().ToString("N");

        var record = new ContentItemRecord();
        Apply(item, record, orgPath);
        await using (var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken))
        {
            if (await BindAttachmentsAsync(item, layout, user, cancellationToken) is { } refused)
            {
                return refused;
            }

            db.ContentItems.Add(record);
            await db.SaveChangesAsync(cancellationToken);
            EnqueueEvents(record, ContentEventMessage.Created, item.Published ? ContentEventMessage.Published : null);
            await ReindexAsync([record], layout, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        await RaiseAsync(h => h.CreatedAsync(item, cancellationToken));
        if (item.Published)
        {
            await RaiseAsync(h => h.PublishedAsync(item, cancellationToken));
        }

        await outbox.FlushAsync(cancellationToken);
        return CommandResult.Success(item);
    }

    public async Task<CommandResult<ContentItem>> UpdateAsync(ContentItem item, string? expectedStamp, bool publish, CancellationToken cancellationToken = default)
    {
        var latest = await db.ContentItems.FirstOrDefaultAsync(r => r.ContentItemId == item.ContentItemId && r.Latest && !r.Deleted, cancellationToken);
        if (latest is null)
        {
            return CommandResult.NotFound();
        }

        if (Stale(latest, expectedStamp) is { } conflict)
        {
            return conflict;
        }

        var type = await definitions.GetTypeDefinitionAsync(latest.ContentType, cancellationToken);
        if (type is null)
        {
            return Invalid("contentType", T["内容类型「{0}」不存在", latest.ContentType]);
        }

        item.ContentType = latest.ContentType;
        var layout = await definitions.GetLayoutAsync(type.Name, cancellationToken);
        var (errors, orgPath) = await ValidateAsync(item, type, layout, cancellationToken);
        if (errors.Count == 0)
        {
            errors = await RunValidatorsAsync(item, publish || !type.Settings.Draftable || (!type.Settings.Versionable && latest.Published), cancellationToken);
        }

        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }

        var previous = Load(latest);
        var now = Now();
        publish = publish || !type.Settings.Draftable;
        var changed = new List<ContentItemRecord>();
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        if (await BindAttachmentsAsync(item, layout, CurrentUserName(), cancellationToken) is { } refused)
        {
            return refused;
        }

        ContentItemRecord target;
        if (type.Settings.Versionable)
        {
            latest.Latest = false;
            latest.ConcurrencyStamp = Guid.NewGuid().ToString("N");
            changed.Add(latest);
            var maxNumber = await db.ContentItems.Where(r => r.ContentItemId == item.ContentItemId).MaxAsync(r => r.Number, cancellationToken);
            target = new ContentItemRecord
            {
                ContentItemId = latest.ContentItemId,
                ContentItemVersionId = IdGenerator.NewId(clock),
                ContentType = latest.ContentType,
                Number = maxNumber + 1,
                CreatedUtc = latest.CreatedUtc,
                Owner = latest.Owner,
                PublishedUtc = latest.PublishedUtc,
            };
            db.ContentItems.Add(target);
        }
        else
        {
            target = latest;
        }

        if (publish)
        {
            var published = await db.ContentItems.Where(r => r.ContentItemId == item.ContentItemId && r.Published && r.Id != target.Id).ToListAsync(cancellationToken);
            foreach (var p in published)
            {
                p.Published = false;
                if (!changed.Contains(p))
                {
                    changed.Add(p);
                }
            }
        }

        item.ContentItemVersionId = target.ContentItemVersionId;
        item.Number = target.Number;
        item.Latest = true;
        item.Published = publish || (!type.Settings.Versionable && target.Published);
        item.Deleted = false;
        item.CreatedUtc = target.CreatedUtc;
        item.ModifiedUtc = now;
        item.PublishedUtc = publish ? now : target.PublishedUtc;
        item.Owner = target.Owner;
        item.Author = CurrentUserName();
        item.DisplayText = ComputeDisplayText(item, type, layout);
        item.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        Apply(item, target, orgPath);
        changed.Add(target);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CommandResult.Conflict(T["该内容已被他人修改，请刷新后再编辑。"]);
        }

        EnqueueEvents(target, ContentEventMessage.Updated, publish ? ContentEventMessage.Published : null);
        await ReindexAsync(changed, layout, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await RaiseAsync(h => h.UpdatedAsync(item, previous, cancellationToken));
        if (publish)
        {
            await RaiseAsync(h => h.PublishedAsync(item, cancellationToken));
        }

        await outbox.FlushAsync(cancellationToken);
        return CommandResult.Success(item);
    }

    public async Task<CommandResult<ContentItem>> PublishAsync(string contentItemId, string? expectedStamp = null, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(contentItemId, VersionOptions.Latest, cancellationToken) is { } toPublish)
        {
            var errors = await RunValidatorsAsync(toPublish, publishing: true, cancellationToken);
            if (errors.Count > 0)
            {
                return CommandResult.Invalid(errors);
            }
        }

        return await PublishFlagsAsync(contentItemId, expectedStamp, cancellationToken);
    }

    private Task<CommandResult<ContentItem>> PublishFlagsAsync(string contentItemId, string? expectedStamp, CancellationToken cancellationToken)
        => ChangeFlagsAsync(contentItemId, expectedStamp, includeDeleted: false, ContentEventMessage.Published, async (versions, latest) =>
        {
            foreach (var v in versions.Where(v => v.Published && v != latest))
            {
                v.Published = false;
            }

            latest.Published = true;
            latest.PublishedUtc = Now();
            await Task.CompletedTask;
        }, (item, ct) => RaiseAsync(h => h.PublishedAsync(item, ct)), cancellationToken);

    public Task<CommandResult<ContentItem>> UnpublishAsync(string contentItemId, string? expectedStamp = null, CancellationToken cancellationToken = default)
        => ChangeFlagsAsync(contentItemId, expectedStamp, includeDeleted: false, ContentEventMessage.Unpublished, (versions, _) =>
        {
            foreach (var v in versions.Where(v => v.Published))
            {
                v.Published = false;
            }

            return Task.CompletedTask;
        }, (item, ct) => RaiseAsync(h => h.UnpublishedAsync(item, ct)), cancellationToken);

    public Task<CommandResult<ContentItem>> RemoveAsync(string contentItemId, string? expectedStamp = null, CancellationToken cancellationToken = default)
        => ChangeFlagsAsync(contentItemId, expectedStamp, includeDeleted: false, ContentEventMessage.Removed, (versions, _) =>
        {
            foreach (var v in versions)
            {
                v.Deleted = true;
            }

            return Task.CompletedTask;
        }, (item, ct) => RaiseAsync(h => h.RemovedAsync(item, ct)), cancellationToken);

    public Task<CommandResult<ContentItem>> RestoreAsync(string contentItemId, CancellationToken cancellationToken = default)
        => ChangeFlagsAsync(contentItemId, null, includeDeleted: true, ContentEventMessage.Restored, (versions, _) =>
        {
            foreach (var v in versions)
            {
                v.Deleted = false;
            }

            return Task.CompletedTask;
        }, (item, ct) => RaiseAsync(h => h.RestoredAsync(item, ct)), cancellationToken);

    public async Task<CommandResult<ContentItem>> RestoreVersionAsync(string contentItemVersionId, string? expectedStamp, CancellationToken cancellationToken = default)
    {
        var old = await GetVersionAsync(contentItemVersionId, cancellationToken);
        if (old is null || old.Deleted)
        {
            return CommandResult.NotFound();
        }

        var latest = await GetAsync(old.ContentItemId, VersionOptions.Latest, cancellationToken);
        if (latest is null)
        {
            return CommandResult.NotFound();
        }

        var restored = latest.Clone();
        restored.Content = (JsonObject)old.Content.DeepClone();
        restored.OrgUnitCode = old.OrgUnitCode;
        return await UpdateAsync(restored, expectedStamp ?? latest.ConcurrencyStamp, publish: false, cancellationToken);
    }

    public async Task<IReadOnlyList<ContentFieldChange>> DiffAsync(ContentItem? before, ContentItem after, CancellationToken cancellationToken = default)
    {
        var layout = await definitions.GetLayoutAsync(after.ContentType, cancellationToken);
        return ContentDiff.Compute(before, after, layout, fieldKinds.All.ToDictionary(k => k.Name, StringComparer.Ordinal), T);
    }

    private async Task<CommandResult<ContentItem>> ChangeFlagsAsync(
        string contentItemId,
        string? expectedStamp,
        bool includeDeleted,
        string eventMessage,
        Func<List<ContentItemRecord>, ContentItemRecord, Task> change,
        Func<ContentItem, CancellationToken, Task> after,
        CancellationToken cancellationToken)
    {
        var versions = await db.ContentItems.Where(r => r.ContentItemId == contentItemId).ToListAsync(cancellationToken);
        var latest = versions.FirstOrDefault(v => v.Latest);
        if (latest is null || (latest.Deleted && !includeDeleted) || (includeDeleted && !latest.Deleted))
        {
            return CommandResult.NotFound();
        }

        if (Stale(latest, expectedStamp) is { } conflict)
        {
            return conflict;
        }

        var before = versions.ToDictionary(v => v.Id, v => (v.Published, v.Deleted, v.Latest));
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        await change(versions, latest);
        latest.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        latest.ModifiedUtc = Now();
        var changed = versions.Where(v => v == latest || before[v.Id] != (v.Published, v.Deleted, v.Latest)).ToList();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CommandResult.Conflict(T["该内容已被他人修改，请刷新后再操作。"]);
        }

        EnqueueEvents(latest, eventMessage, null);
        var layout = await definitions.GetLayoutAsync(latest.ContentType, cancellationToken);
        await ReindexAsync(changed, layout, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        var item = Load(latest);
        await after(item, cancellationToken);
        await outbox.FlushAsync(cancellationToken);
        return CommandResult.Success(item);
    }

    private CommandResult<ContentItem>? Stale(ContentItemRecord latest, string? expectedStamp)
    {
        if (expectedStamp is null || string.Equals(expectedStamp, latest.ConcurrencyStamp, StringComparison.Ordinal))
        {
            return null;
        }

        return CommandResult.Conflict(
            T["该内容已被他人修改（当前为第 {0} 版，修改时间 {1}），您的修改基于旧版本，未保存。请刷新后再编辑。",
                latest.Number, Localization.BusinessTime.FormatDateTime(latest.ModifiedUtc)],
            Load(latest));
    }

    private async Task<(Dictionary<string, string[]> Errors, string OrgPath)> ValidateAsync(
        ContentItem item, ContentTypeDefinition type, IReadOnlyList<ContentPartLayout> layout, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var orgPath = "";
        if (string.IsNullOrWhiteSpace(item.OrgUnitCode))
        {
            errors["orgUnitCode"] = [T["请选择所属组织机构"]];
        }
        else
        {
            var unit = await orgUnits.GetAsync(item.OrgUnitCode.Trim(), cancellationToken);
            if (unit is null)
            {
                errors["orgUnitCode"] = [T["组织机构代码「{0}」不存在", item.OrgUnitCode]];
            }
            else
            {
                item.OrgUnitCode = unit.Code;
                orgPath = unit.Path;
                if (type.Settings.OrgUnitLevel is { } level && Enum.TryParse<OrgUnitLevel>(level, true, out var required) && unit.Level < required)
                {
                    errors["orgUnitCode"] = [T["「{0}」须归属到{1}一级或以下", type.DisplayName, LevelName(required)]];
                }
            }
        }

        var kinds = fieldKinds.All.ToDictionary(k => k.Name, StringComparer.Ordinal);
        var known = layout.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var partName in item.Content.Select(p => p.Key).ToList())
        {
            if (!known.ContainsKey(partName))
            {
                errors[partName] = [T["「{0}」不是类型「{1}」的部件", partName, type.DisplayName]];
            }
        }

        foreach (var part in layout)
        {
            var partObject = item.Content[part.Name] as JsonObject;
            if (partObject is not null)
            {
                foreach (var key in partObject.Select(p => p.Key).ToList())
                {
                    if (!part.Fields.Any(f => f.Name == key))
                    {
                        errors[$"{part.Name}.{key}"] = [T["字段「{0}」不存在", key]];
                    }
                }
            }

            foreach (var field in part.Fields)
            {
                if (!kinds.TryGetValue(field.Kind, out var kind))
                {
                    continue;
                }

                var raw = partObject?[field.Name] switch
                {
                    JsonObject o => o["value"],
                    JsonValue v => v,
                    JsonArray a => a,
                    _ => null,
                };
                var context = new FieldValidationContext
                {
                    Field = field,
                    PartName = part.Name,
                    Item = item,
                    Services = services,
                    T = T,
                    UserName = CurrentUserName(),
                };
                var normalized = await kind.NormalizeAsync(raw?.DeepClone(), context);
                if (context.Errors.Count > 0)
                {
                    errors[$"{part.Name}.{field.Name}"] = [.. context.Errors];
                }
                else if (normalized is null)
                {
                    (item.Content[part.Name] as JsonObject)?.Remove(field.Name);
                }
                else
                {
                    item.SetFieldValue(part.Name, field.Name, normalized);
                }
            }
        }

        return (errors, orgPath);
    }

    /// <summary>
    /// Binds the files of the item's attachment fields to it (in the save's transaction, before any row is written).
    /// Validation already refused other users' uploads and other items' files; this catches a concurrent save that
    /// claimed a file in between. Returns the refusal, or null when every file is the item's.
    /// </summary>
    private async Task<CommandResult<ContentItem>?> BindAttachmentsAsync(ContentItem item, IReadOnlyList<ContentPartLayout> layout, string? user,
        CancellationToken cancellationToken)
    {
        var refused = await attachments.BindAsync(item.ContentItemId, AttachmentFieldKind.ReferencedIds(item, layout), user, cancellationToken);
        if (refused.Count == 0)
        {
            return null;
        }

        var errors = new Dictionary<string, string[]>();
        foreach (var part in layout)
        {
            foreach (var field in part.Fields.Where(f => f.Kind == ContentFieldKinds.Attachment))
            {
                var mine = AttachmentFieldKind.ReferencedIds(item, [part with { Fields = [field] }]).Where(refused.Contains).ToList();
                if (mine.Count > 0)
                {
                    errors[$"{part.Name}.{field.Name}"] = [.. mine.Select(id => T["附件 {0} 已属于其他内容或已被删除，请重新上传", id].Value)];
                }
            }
        }

        return CommandResult.Invalid(errors);
    }

    private string LevelName(OrgUnitLevel level) => level switch
    {
        OrgUnitLevel.County => T["县"],
        OrgUnitLevel.Town => T["镇(街道)"],
        OrgUnitLevel.Village => T["村(社区)"],
        OrgUnitLevel.Grid => T["网格"],
        _ => T["专项网格"],
    };

    private string ComputeDisplayText(ContentItem item, ContentTypeDefinition type, IReadOnlyList<ContentPartLayout> layout)
    {
        var kinds = fieldKinds.All.ToDictionary(k => k.Name, StringComparer.Ordinal);
        foreach (var part in layout)
        {
            foreach (var field in part.Fields.Where(f => f.Kind is ContentFieldKinds.Text && !f.Settings.Sensitive))
            {
                var text = kinds.TryGetValue(field.Kind, out var kind) ? kind.ToText(item.GetFieldValue(part.Name, field.Name), field) : null;
                if (!string.IsNullOrWhiteSpace(text))
                {
                    return text.Length > 500 ? text[..500] : text;
                }
            }
        }

        return $"{type.DisplayName} {Localization.BusinessTime.FormatDate(item.CreatedUtc ?? Now())}";
    }

    private static void Apply(ContentItem item, ContentItemRecord record, string orgPath)
    {
        record.ContentItemId = item.ContentItemId;
        record.ContentItemVersionId = item.ContentItemVersionId;
        record.ContentType = item.ContentType;
        record.DisplayText = item.DisplayText;
        record.OrgUnitCode = item.OrgUnitCode;
        record.OrgPath = orgPath;
        record.Latest = item.Latest;
        record.Published = item.Published;
        record.Deleted = item.Deleted;
        record.Number = item.Number;
        record.ConcurrencyStamp = item.ConcurrencyStamp;
        record.Owner = item.Owner;
        record.Author = item.Author;
        record.CreatedUtc = item.CreatedUtc ?? DateTime.UtcNow;
        record.ModifiedUtc = item.ModifiedUtc ?? DateTime.UtcNow;
        record.PublishedUtc = item.PublishedUtc;
        record.Data = item.Content.ToJsonString(GrassrootsJson.Options);
    }

    private async Task ReindexAsync(IEnumerable<ContentItemRecord> records, IReadOnlyList<ContentPartLayout> layout, CancellationToken cancellationToken)
    {
        var providers = indexProviders.All.ToList();
        foreach (var record in records)
        {
            var item = Load(record);
            foreach (var provider in providers)
            {
                await (Task)DeleteRowsMethod.MakeGenericMethod(provider.IndexType).Invoke(null, [db, record.Id, cancellationToken])!;
                foreach (var row in provider.Map(item, layout))
                {
                    row.DocumentId = record.Id;
                    db.Add((object)row);
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static Task<int> DeleteIndexRowsAsync<TIndex>(GrassrootsDbContext db, long documentId, CancellationToken cancellationToken)
        where TIndex : ContentIndex
        => db.Set<TIndex>().Where(x => x.DocumentId == documentId).ExecuteDeleteAsync(cancellationToken);

    private async Task<Dictionary<string, string[]>> RunValidatorsAsync(ContentItem item, bool publishing, CancellationToken cancellationToken)
    {
        var context = new ContentValidationContext { Item = item, Publishing = publishing };
        foreach (var validator in validators.All)
        {
            await validator.ValidateAsync(context, cancellationToken);
        }

        return context.Errors;
    }

    /// <summary>The change's outbox messages (saved by the next SaveChanges, inside the change's transaction).</summary>
    private void EnqueueEvents(ContentItemRecord record, string first, string? second)
    {
        foreach (var type in second is null ? [first] : new[] { first, second })
        {
            outbox.Enqueue(type, new JsonObject
            {
                ["contentItemId"] = record.ContentItemId,
                ["contentItemVersionId"] = record.ContentItemVersionId,
                ["user"] = CurrentUserName(),
            });
        }
    }

    private async Task RaiseAsync(Func<IContentEventHandler, Task> action)
    {
        foreach (var handler in eventHandlers.All)
        {
            await action(handler);
        }
    }

    private CommandResult<ContentItem> Invalid(string key, string message)
        => CommandResult.Invalid(new Dictionary<string, string[]> { [key] = [message] });

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private string? CurrentUserName() => httpContextAccessor?.HttpContext?.User?.Identity?.Name;
}
