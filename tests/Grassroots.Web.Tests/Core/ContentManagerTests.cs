using System.Text.Json.Nodes;
using Grassroots.Commands;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Data;
using Grassroots.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Core;

public sealed class ContentManagerTests
{
    private const string Type = "VisitRecord";
    private const string Village = "370725107277";

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Drafts_versions_conflicts_publish_delete_restore_and_diff(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await using var scope = factory.Services.CreateAsyncScope();
        var content = scope.ServiceProvider.GetRequiredService<IContentManager>();
        await DefineTypeAsync(scope.ServiceProvider);

        // Create a draft.
        var item = await NewAsync(content, "初次走访", "3");
        var created = await content.CreateAsync(item, VersionOptions.Draft);
        Assert.Equal(CommandStatus.Succeeded, created.Status);
        var v1 = created.Value!;
        Assert.True(v1.Latest);
        Assert.False(v1.Published);
        Assert.Equal(1, v1.Number);
        Assert.Equal("初次走访", v1.DisplayText);
        Assert.Null(await content.GetAsync(v1.ContentItemId, VersionOptions.Published));
        var latest = await content.GetAsync(v1.ContentItemId, VersionOptions.Latest);
        Assert.NotNull(latest);
        Assert.Equal(3m, latest.GetFieldValue(Type, "Count")!.GetValue<decimal>());

        // Update with the right stamp: a new version.
        var edit = latest.Clone();
        edit.SetFieldValue(Type, "Title", JsonValue.Create("二次走访"));
        edit.SetFieldValue(Type, "Count", JsonValue.Create("5"));
        var updated = await content.UpdateAsync(edit, latest.ConcurrencyStamp, publish: false);
        Assert.Equal(CommandStatus.Succeeded, updated.Status);
        Assert.Equal(2, updated.Value!.Number);
        var versions = await content.GetVersionsAsync(v1.ContentItemId);
        Assert.Equal(2, versions.Count);
        Assert.False(versions.Single(v => v.Number == 1).Latest);
        Assert.True(versions.Single(v => v.Number == 2).Latest);

        // Update with a stale stamp: conflict, nothing changed.
        var stale = latest.Clone();
        stale.SetFieldValue(Type, "Title", JsonValue.Create("过期的修改"));
        var conflict = await content.UpdateAsync(stale, latest.ConcurrencyStamp, publish: false);
        Assert.Equal(CommandStatus.Conflict, conflict.Status);
        Assert.False(string.IsNullOrWhiteSpace(conflict.Message));
        Assert.Equal(2, (await content.GetVersionsAsync(v1.ContentItemId)).Count);
        Assert.Equal("二次走访", (await content.GetAsync(v1.ContentItemId, VersionOptions.Latest))!.DisplayText);

        // Publish.
        var published = await content.PublishAsync(v1.ContentItemId, updated.Value.ConcurrencyStamp);
        Assert.Equal(CommandStatus.Succeeded, published.Status);
        var live = await content.GetAsync(v1.ContentItemId, VersionOptions.Published);
        Assert.NotNull(live);
        Assert.Equal(2, live.Number);
        Assert.True(live.Published);

        // Soft delete hides it; restore brings it back.
        Assert.Equal(CommandStatus.Succeeded, (await content.RemoveAsync(v1.ContentItemId)).Status);
        Assert.Null(await content.GetAsync(v1.ContentItemId, VersionOptions.Latest));
        Assert.Null(await content.GetAsync(v1.ContentItemId, VersionOptions.Published));
        Assert.Equal(0, await content.Query().CountAsync(r => r.ContentItemId == v1.ContentItemId && r.Latest && !r.Deleted));
        Assert.Equal(CommandStatus.Succeeded, (await content.RestoreAsync(v1.ContentItemId)).Status);
        Assert.Equal(1, await content.Query().CountAsync(r => r.ContentItemId == v1.ContentItemId && r.Latest && !r.Deleted));
        Assert.NotNull(await content.GetAsync(v1.ContentItemId, VersionOptions.Published));

        // Restoring version 1 creates version 3 with version 1's content.
        var restored = await content.RestoreVersionAsync(v1.ContentItemVersionId, null);
        Assert.Equal(CommandStatus.Succeeded, restored.Status);
        Assert.Equal(3, restored.Value!.Number);
        var v3 = (await content.GetAsync(v1.ContentItemId, VersionOptions.Latest))!;
        Assert.Equal(3, v3.Number);
        Assert.Equal("初次走访", v3.GetFieldValue(Type, "Title")!.GetValue<string>());
        Assert.Equal(3m, v3.GetFieldValue(Type, "Count")!.GetValue<decimal>());
        Assert.Equal(3, (await content.GetVersionsAsync(v1.ContentItemId)).Count);

        // Diff between versions 1 and 2 lists the changed fields with their display names.
        var all = await content.GetVersionsAsync(v1.ContentItemId);
        var diff = await content.DiffAsync(all.Single(v => v.Number == 1), all.Single(v => v.Number == 2));
        var title = Assert.Single(diff, c => c.Path == "VisitRecord.Title");
        Assert.Equal("标题", title.Label);
        Assert.Equal("初次走访", title.Before);
        Assert.Equal("二次走访", title.After);
        Assert.Contains(diff, c => c.Path == "VisitRecord.Count" && c.Label == "数量" && c.Before == "3" && c.After == "5");
        Assert.DoesNotContain(diff, c => c.Path == "VisitRecord.Note");
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Invalid_values_are_rejected_with_chinese_messages_by_field_path(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await using var scope = factory.Services.CreateAsyncScope();
        var content = scope.ServiceProvider.GetRequiredService<IContentManager>();
        await DefineTypeAsync(scope.ServiceProvider);
        var before = await content.Query().CountAsync(r => r.ContentType == Type);

        var tooMany = await content.CreateAsync(await NewAsync(content, "走访", "150"), VersionOptions.Draft);
        Assert.Equal(CommandStatus.Invalid, tooMany.Status);
        var message = Assert.Single(tooMany.Errors["VisitRecord.Count"]);
        Assert.Contains("数量", message, StringComparison.Ordinal);
        Assert.Contains("100", message, StringComparison.Ordinal);

        var notANumber = await content.CreateAsync(await NewAsync(content, "走访", "很多"), VersionOptions.Draft);
        Assert.Equal(CommandStatus.Invalid, notANumber.Status);
        Assert.Contains("数量", notANumber.Errors["VisitRecord.Count"][0], StringComparison.Ordinal);

        var noTitle = await content.CreateAsync(await NewAsync(content, null, "1"), VersionOptions.Draft);
        Assert.Equal(CommandStatus.Invalid, noTitle.Status);
        Assert.Contains("标题", noTitle.Errors["VisitRecord.Title"][0], StringComparison.Ordinal);

        var tooLong = await content.CreateAsync(await NewAsync(content, new string('长', 51), "1"), VersionOptions.Draft);
        Assert.Equal(CommandStatus.Invalid, tooLong.Status);
        Assert.True(tooLong.Errors.ContainsKey("VisitRecord.Title"));

        var unknownField = await NewAsync(content, "走访", "1");
        unknownField.SetFieldValue(Type, "Bogus", JsonValue.Create("x"));
        var unknownFieldResult = await content.CreateAsync(unknownField, VersionOptions.Draft);
        Assert.Equal(CommandStatus.Invalid, unknownFieldResult.Status);
        Assert.True(unknownFieldResult.Errors.ContainsKey("VisitRecord.Bogus"));

        var unknownPart = await NewAsync(content, "走访", "1");
        unknownPart.SetFieldValue("BogusPart", "Anything", JsonValue.Create("x"));
        var unknownPartResult = await content.CreateAsync(unknownPart, VersionOptions.Draft);
        Assert.Equal(CommandStatus.Invalid, unknownPartResult.Status);
        Assert.True(unknownPartResult.Errors.ContainsKey("BogusPart"));

        var unknownUnit = await NewAsync(content, "走访", "1");
        unknownUnit.OrgUnitCode = "999999999999";
        var unknownUnitResult = await content.CreateAsync(unknownUnit, VersionOptions.Draft);
        Assert.Equal(CommandStatus.Invalid, unknownUnitResult.Status);
        Assert.Contains("999999999999", unknownUnitResult.Errors["orgUnitCode"][0], StringComparison.Ordinal);

        var unknownType = await content.CreateAsync(new ContentItem { ContentType = "NoSuchType", OrgUnitCode = Village }, VersionOptions.Draft);
        Assert.Equal(CommandStatus.Invalid, unknownType.Status);
        Assert.True(unknownType.Errors.ContainsKey("contentType"));

        Assert.Equal(before, await content.Query().CountAsync(r => r.ContentType == Type));

        // An invalid update leaves the stored item as it was.
        var good = (await content.CreateAsync(await NewAsync(content, "走访", "1"), VersionOptions.Draft)).Value!;
        var bad = good.Clone();
        bad.SetFieldValue(Type, "Count", JsonValue.Create("150"));
        var badUpdate = await content.UpdateAsync(bad, good.ConcurrencyStamp, publish: false);
        Assert.Equal(CommandStatus.Invalid, badUpdate.Status);
        Assert.Single(await content.GetVersionsAsync(good.ContentItemId));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Field_index_follows_the_latest_version_and_skips_sensitive_fields_and_org_path_is_stored(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var content = services.GetRequiredService<IContentManager>();
        var db = services.GetRequiredService<IDbContextAccessor>().DbContext;
        await DefineTypeAsync(services);

        var item = await NewAsync(content, "第一稿", "1");
        item.SetFieldValue(Type, "Contact", JsonValue.Create("张三"));
        var current = (await content.CreateAsync(item, VersionOptions.Draft)).Value!;
        Assert.Equal("/370725/370725107/370725107277/", (await content.Query().SingleAsync(r => r.ContentItemVersionId == current.ContentItemVersionId)).OrgPath);

        foreach (var (title, count) in new[] { ("第二稿", "2"), ("第三稿", "42") })
        {
            var edit = current.Clone();
            edit.SetFieldValue(Type, "Title", JsonValue.Create(title));
            edit.SetFieldValue(Type, "Count", JsonValue.Create(count));
            current = (await content.UpdateAsync(edit, current.ConcurrencyStamp, publish: false)).Value!;
        }

        Assert.Equal(3, current.Number);
        var latestRecord = await content.Query().SingleAsync(r => r.ContentItemId == current.ContentItemId && r.Latest);
        var rows = await db.Set<ContentFieldIndex>().AsNoTracking().Where(r => r.ContentItemId == current.ContentItemId).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.True(r.Latest);
            Assert.False(r.Published);
            Assert.Equal(latestRecord.Id, r.DocumentId);
            Assert.Equal(Type, r.ContentType);
        });
        Assert.Equal("第三稿", rows.Single(r => r.FieldName == "Title").Text);
        Assert.Equal(42d, rows.Single(r => r.FieldName == "Count").Number);
        Assert.DoesNotContain(rows, r => r.FieldName == "Contact");
        Assert.DoesNotContain(rows, r => r.Text == "张三");

        // The sensitive value is still stored on the item itself.
        Assert.Equal("张三", (await content.GetAsync(current.ContentItemId, VersionOptions.Latest))!.GetFieldValue(Type, "Contact")!.GetValue<string>());

        // Publishing keeps one row set for the (latest, published) version; deleting removes the rows.
        await content.PublishAsync(current.ContentItemId);
        rows = await db.Set<ContentFieldIndex>().AsNoTracking().Where(r => r.ContentItemId == current.ContentItemId).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.True(r.Latest && r.Published));

        await content.RemoveAsync(current.ContentItemId);
        Assert.Equal(0, await db.Set<ContentFieldIndex>().CountAsync(r => r.ContentItemId == current.ContentItemId));
    }

    private static async Task DefineTypeAsync(IServiceProvider services)
    {
        var definitions = services.GetRequiredService<IContentDefinitionManager>();
        var errors = await definitions.StoreTypeDefinitionAsync(new ContentTypeDefinition
        {
            Name = Type,
            DisplayName = "走访记录",
            Settings = new ContentTypeSettings { Draftable = true, Versionable = true },
            Fields =
            [
                new ContentFieldDefinition { Name = "Title", DisplayName = "标题", Kind = ContentFieldKinds.Text, Settings = new ContentFieldSettings { Required = true, MaxLength = 50 } },
                new ContentFieldDefinition { Name = "Count", DisplayName = "数量", Kind = ContentFieldKinds.Number, Settings = new ContentFieldSettings { Max = 100 } },
                new ContentFieldDefinition { Name = "Contact", DisplayName = "联系人", Kind = ContentFieldKinds.Text, Settings = new ContentFieldSettings { Sensitive = true } },
                new ContentFieldDefinition { Name = "Note", DisplayName = "备注", Kind = ContentFieldKinds.MultilineText },
            ],
        });
        Assert.Empty(errors);
    }

    private static async Task<ContentItem> NewAsync(IContentManager content, string? title, string count)
    {
        var item = await content.NewAsync(Type);
        item.OrgUnitCode = Village;
        if (title is not null)
        {
            item.SetFieldValue(Type, "Title", JsonValue.Create(title));
        }

        item.SetFieldValue(Type, "Count", JsonValue.Create(count));
        return item;
    }
}
