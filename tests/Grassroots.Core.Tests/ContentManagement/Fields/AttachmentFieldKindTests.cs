using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Fields;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Core.Tests.Media;
using Grassroots.Media;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Core.Tests.ContentManagement.Fields;

public sealed class AttachmentFieldKindTests : IDisposable
{
    private readonly TempDataFolder _folder = new();
    private readonly FileSystemAttachmentStore _store;
    private readonly AttachmentFieldKind _kind = new();

    public AttachmentFieldKindTests() => _store = new FileSystemAttachmentStore(_folder);

    public void Dispose() => _folder.Dispose();

    private void Store(IServiceCollection services)
        => services.AddSingleton<IAttachmentStore>(_store).AddSingleton<IAttachmentRegistry>(new UnattachedRegistry(_store));

    private async Task<AttachmentInfo> SaveAsync(string fileName, int size)
    {
        using var content = new MemoryStream(new byte[size]);
        return await _store.SaveAsync(content, fileName, "application/octet-stream");
    }

    private static ContentFieldDefinition Field(Action<ContentFieldSettings>? configure = null)
        => FieldTest.Field(ContentFieldKinds.Attachment, configure, label: "证明材料");

    [Fact]
    public async Task Stored_references_come_from_the_store()
    {
        var pdf = await SaveAsync("低保证明.pdf", 2048);
        var jpg = await SaveAsync("照片.jpg", 100);
        var submitted = new JsonArray(
            new JsonObject { ["id"] = pdf.Id, ["fileName"] = "伪造.exe", ["size"] = 1 },
            new JsonObject { ["id"] = jpg.Id });

        var field = Field(s => s.Multiple = true);
        var (value, errors) = await FieldTest.NormalizeAsync(_kind, submitted, field, Store);

        Assert.Empty(errors);
        var array = Assert.IsType<JsonArray>(value);
        Assert.Equal(2, array.Count);
        Assert.Equal(pdf.Id, array[0]!["id"]!.GetValue<string>());
        Assert.Equal("低保证明.pdf", array[0]!["fileName"]!.GetValue<string>());
        Assert.Equal(2048, array[0]!["size"]!.GetValue<long>());
        Assert.Equal("低保证明.pdf、照片.jpg", _kind.ToText(value, field));
        Assert.Equal("低保证明.pdf 照片.jpg", _kind.ToIndex(value, field).Text);
    }

    [Fact]
    public async Task Form_posts_json_text()
    {
        var pdf = await SaveAsync("a.pdf", 10);
        var (value, errors) = await FieldTest.NormalizeAsync(_kind, FieldTest.Form($$"""[{"id":"{{pdf.Id}}","fileName":"a.pdf"}]"""), Field(), Store);
        Assert.Empty(errors);
        Assert.Single(Assert.IsType<JsonArray>(value));
    }

    [Fact]
    public async Task Unknown_ids_are_rejected()
    {
        var submitted = JsonNode.Parse("""[{"id":"0123456789abcdef0123456789abcdef","fileName":"丢失.pdf"}]""");
        var (_, errors) = await FieldTest.NormalizeAsync(_kind, submitted, Field(), Store);
        Assert.Equal(["「证明材料」中的附件 丢失.pdf 不存在"], errors);
    }

    [Fact]
    public async Task Size_and_extension_rules_apply()
    {
        var big = await SaveAsync("big.pdf", 2000);
        var (_, errors) = await FieldTest.NormalizeAsync(_kind, new JsonArray(new JsonObject { ["id"] = big.Id }), Field(s => s.MaxFileSize = 1000), Store);
        Assert.Equal(["「证明材料」：文件「big.pdf」超过大小上限 1000 B"], errors);

        var script = await SaveAsync("run.exe", 10);
        (_, errors) = await FieldTest.NormalizeAsync(_kind, new JsonArray(new JsonObject { ["id"] = script.Id }), Field(), Store);
        Assert.Single(errors);
        Assert.StartsWith("「证明材料」：文件「run.exe」的类型不允许上传", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Single_field_takes_one_file_and_required_applies()
    {
        var a = await SaveAsync("a.pdf", 10);
        var b = await SaveAsync("b.pdf", 10);
        var (_, errors) = await FieldTest.NormalizeAsync(_kind, new JsonArray(new JsonObject { ["id"] = a.Id }, new JsonObject { ["id"] = b.Id }), Field(), Store);
        Assert.Equal(["「证明材料」只能上传一个文件"], errors);

        (_, errors) = await FieldTest.NormalizeAsync(_kind, new JsonArray(), Field(s => s.Required = true), Store);
        Assert.Equal(["「证明材料」不能为空"], errors);
    }

    /// <summary>Every stored file is an unattached upload of the (system) user saving the item.</summary>
    private sealed class UnattachedRegistry(IAttachmentStore store) : IAttachmentRegistry
    {
        public Task<AttachmentInfo> UploadAsync(Stream content, string fileName, string contentType, string? uploader, CancellationToken cancellationToken = default)
            => store.SaveAsync(content, fileName, contentType, cancellationToken);

        public async Task<AttachmentOwnership?> FindAsync(string id, CancellationToken cancellationToken = default)
            => await store.GetInfoAsync(id, cancellationToken) is { } info ? new AttachmentOwnership(info.Id, null, null, info.CreatedUtc) : null;
    }
}
