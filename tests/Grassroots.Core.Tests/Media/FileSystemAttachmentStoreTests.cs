using System.Text;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Media;
using Microsoft.Extensions.Time.Testing;

namespace Grassroots.Core.Tests.Media;

public sealed class FileSystemAttachmentStoreTests : IDisposable
{
    private readonly TempDataFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 15, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Save_read_and_delete()
    {
        var store = new FileSystemAttachmentStore(_folder, _clock);
        using var content = new MemoryStream(Encoding.UTF8.GetBytes("走访记录"));
        var info = await store.SaveAsync(content, "../../走访记录.txt", "text/plain; charset=utf-8");

        Assert.Matches("^[0-9a-f]{32}$", info.Id);
        Assert.Equal("走访记录.txt", info.FileName);
        Assert.Equal("text/plain", info.ContentType);
        Assert.Equal(12, info.Size);
        Assert.True(File.Exists(Path.Combine(_folder.DataPath, "attachments", "2025", "03", info.Id)));
        Assert.True(File.Exists(Path.Combine(_folder.DataPath, "attachments", "2025", "03", info.Id + ".json")));

        // A fresh store (as after a restart) finds it by probing the month folders.
        var reopened = new FileSystemAttachmentStore(_folder, _clock);
        Assert.Equal(info, await reopened.GetInfoAsync(info.Id));
        await using (var stream = await reopened.OpenReadAsync(info.Id))
        {
            using var reader = new StreamReader(stream!);
            Assert.Equal("走访记录", await reader.ReadToEndAsync());
        }

        Assert.True(await reopened.DeleteAsync(info.Id));
        Assert.Null(await reopened.GetInfoAsync(info.Id));
        Assert.Null(await store.OpenReadAsync(info.Id));
        Assert.False(await store.DeleteAsync(info.Id));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("")]
    [InlineData("0123")]
    public async Task Malformed_ids_are_unknown(string id)
    {
        var store = new FileSystemAttachmentStore(_folder, _clock);
        Assert.Null(await store.GetInfoAsync(id));
        Assert.Null(await store.OpenReadAsync(id));
    }

    [Theory]
    [InlineData("a.pdf", 100, null)]
    [InlineData("photo.JPG", 100, null)]
    [InlineData("a.exe", 100, "文件「a.exe」的类型不允许上传（允许：.pdf .jpg .jpeg .png .gif .webp .doc .docx .xls .xlsx .txt .csv .zip）")]
    [InlineData("noextension", 100, "文件「noextension」的类型不允许上传（允许：.pdf .jpg .jpeg .png .gif .webp .doc .docx .xls .xlsx .txt .csv .zip）")]
    [InlineData("big.pdf", 10L * 1024 * 1024 + 1, "文件「big.pdf」超过大小上限 10 MB")]
    [InlineData("empty.pdf", 0, "文件「empty.pdf」是空文件")]
    public void Rules_with_defaults(string fileName, long size, string? expected)
        => Assert.Equal(expected, AttachmentRules.Validate(fileName, size, null));

    [Fact]
    public void Rules_with_field_settings()
    {
        var settings = new ContentFieldSettings { MaxFileSize = 1024, AllowedExtensions = ["PDF", ".svg"] };
        Assert.Null(AttachmentRules.Validate("a.pdf", 1024, settings));
        Assert.Equal("文件「a.pdf」超过大小上限 1 KB", AttachmentRules.Validate("a.pdf", 1025, settings));
        Assert.Equal("文件「a.svg」的类型不允许上传（允许：.pdf）", AttachmentRules.Validate("a.svg", 10, settings));
    }

    [Theory]
    [InlineData("C:\\Users\\a\\报告.pdf", "报告.pdf")]
    [InlineData("..", "file")]
    [InlineData("a<b>|c.pdf", "a_b__c.pdf")]
    [InlineData(".bashrc", "bashrc")]
    public void File_names_are_sanitised(string input, string expected)
        => Assert.Equal(expected, AttachmentRules.SanitizeFileName(input));
}
