using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Media;
using Grassroots.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Grassroots.Tests.Security.JurisdictionTestUsers;

namespace Grassroots.Tests.Contents;

/// <summary>
/// Attachments belong to the item first saved with them: download follows that item's jurisdiction and permission,
/// nobody attaches someone else's upload or another item's file, unattached uploads are the uploader's alone and go
/// away after a day, and every download is served so that it can never run as a page of the site.
/// </summary>
public sealed class AttachmentOwnershipTests
{
    private const string TownA = "370725001";   // 宝都街道
    private const string TownB = "370725107";   // 乔官镇

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Download_follows_the_owning_item_not_a_mention_in_another_item(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await CreateAsync(factory, "a-staff", TownA, "TownStaff");
        await CreateAsync(factory, "b-staff", TownB, "TownStaff");
        using var a = await factory.CreateApiClientAsync("a-staff", Password);
        using var b = await factory.CreateApiClientAsync("b-staff", Password);

        var file = await UploadAsync(b, "乔官会议纪要.txt", "乔官镇内部纪要"u8.ToArray(), "text/plain");
        await CreateNoticeAsync(b, TownB, "乔官镇通知", file);

        // An item in town A that merely mentions the id (the old substring rule let this open the file).
        var mention = await a.PostAsJsonAsync("/api/content/Notice", NoticeBody(TownA, "宝都街道通知", null, $"<p>参见 {file}</p>"));
        Assert.True(mention.StatusCode == HttpStatusCode.Created, await mention.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/attachments/{file}")).StatusCode);
        var own = await b.GetAsync($"/attachments/{file}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("乔官镇内部纪要", await own.Content.ReadAsStringAsync());

        // "Own items only": a town-B user who may view only their own notices gets their own file, not b-staff's.
        await GrantAsync(factory, "NoticeAuthor", "AccessAdminPanel", "ViewOwnContent_Notice", "EditOwnContent_Notice");
        await CreateAsync(factory, "b-author", TownB, "NoticeAuthor");
        using var author = await factory.CreateApiClientAsync("b-author", Password);
        var mine = await UploadAsync(author, "我的材料.pdf", "%PDF-1.4 mine"u8.ToArray(), "application/pdf", "Notice", "Attachments");
        await CreateNoticeAsync(author, TownB, "我的通知", mine);
        Assert.Equal(HttpStatusCode.OK, (await author.GetAsync($"/attachments/{mine}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await author.GetAsync($"/attachments/{file}")).StatusCode);

        // The administrator (whole county) still downloads both.
        using var admin = await factory.CreateApiClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/attachments/{file}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/attachments/{mine}")).StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Another_users_upload_or_another_items_file_cannot_be_attached(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await CreateAsync(factory, "b-staff", TownB, "TownStaff");
        await CreateAsync(factory, "b-other", TownB, "TownStaff");
        using var staff = await factory.CreateApiClientAsync("b-staff", Password);
        using var other = await factory.CreateApiClientAsync("b-other", Password);

        var file = await UploadAsync(staff, "证明.pdf", "%PDF-1.4 proof"u8.ToArray(), "application/pdf");

        // Someone else's unattached upload.
        var stolen = await other.PostAsJsonAsync("/api/content/Notice", NoticeBody(TownB, "借用别人的附件", file));
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.Contains("不是您上传的文件", FieldError(await stolen.Content.ReadFromJsonAsync<JsonObject>()));

        // Bound to the first item saved with it …
        var first = await CreateNoticeAsync(staff, TownB, "第一条通知", file);

        // … so a second item cannot take it, not even by its uploader.
        var second = await staff.PostAsJsonAsync("/api/content/Notice", NoticeBody(TownB, "第二条通知", file));
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("已属于其他内容", FieldError(await second.Content.ReadFromJsonAsync<JsonObject>()));

        // Editing the owning item (by another user of the town) keeps its file.
        var current = (await other.GetFromJsonAsync<JsonObject>($"/api/content/{first}"))!;
        var content = current["content"]!.AsObject();
        content["Notice"]!["Title"] = new JsonObject { ["value"] = "第一条通知（修订）" };
        var edited = await other.PutAsJsonAsync($"/api/content/{first}", new JsonObject
        {
            ["concurrencyStamp"] = current["concurrencyStamp"]!.GetValue<string>(),
            ["content"] = content.DeepClone(),
        });
        Assert.True(edited.StatusCode == HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/attachments/{file}")).StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task An_unattached_upload_is_visible_only_to_its_uploader(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await CreateAsync(factory, "b-staff", TownB, "TownStaff");
        using var admin = await factory.CreateApiClientAsync();
        using var staff = await factory.CreateApiClientAsync("b-staff", Password);

        var file = await UploadAsync(staff, "草稿.txt", "还没附上"u8.ToArray(), "text/plain");
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/attachments/{file}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/attachments/{file}")).StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Unattached_uploads_older_than_a_day_are_removed_by_the_cleanup_job(DatabaseKind kind)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = await GrassrootsFactory.CreateAsync(kind, services => services.AddSingleton<TimeProvider>(clock),
            new Dictionary<string, string?> { ["Attachments:CleanupStartupDelay"] = "00:00:00", ["Attachments:CleanupInterval"] = "01:00:00" });
        using var admin = await factory.CreateApiClientAsync();

        var old = await UploadAsync(admin, "旧草稿.txt", "一天前"u8.ToArray(), "text/plain");
        var kept = await UploadAsync(admin, "已附上.txt", "属于通知"u8.ToArray(), "text/plain");
        await CreateNoticeAsync(admin, TownB, "有附件的通知", kept);
        clock.Advance(TimeSpan.FromHours(12));
        var young = await UploadAsync(admin, "新草稿.txt", "半天前"u8.ToArray(), "text/plain");
        clock.Advance(TimeSpan.FromHours(13));

        // The hourly sweep runs on the fake clock (a minute more per poll, in case the job armed its timer after the
        // jump): only the unattached upload older than a day goes, bytes too.
        var store = factory.Services.GetRequiredService<IAttachmentStore>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await store.GetInfoAsync(old) is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Null(await store.GetInfoAsync(old));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/attachments/{old}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/attachments/{young}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/attachments/{kept}")).StatusCode);
    }

    [Fact]
    public async Task Downloads_are_octet_stream_attachments_and_only_real_images_are_inline()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var admin = await factory.CreateApiClientAsync();

        // HTML and SVG dressed up as allowed files, with the type a browser would run.
        var html = await UploadAsync(admin, "page.txt", "<html><script>alert(1)</script></html>"u8.ToArray(), "text/html");
        var svg = await UploadAsync(admin, "logo.png", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"u8.ToArray(), "image/svg+xml");
        foreach (var id in new[] { html, svg })
        {
            var response = await admin.GetAsync($"/attachments/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }

        // A real PNG (by its signature), even uploaded as a generic type, is shown inline as image/png.
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0];
        var image = await UploadAsync(admin, "现场照片.png", png, "application/octet-stream");
        var shown = await admin.GetAsync($"/attachments/{image}");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal("image/png", shown.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", shown.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", shown.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(png, await shown.Content.ReadAsByteArrayAsync());
    }

    private static async Task<string> UploadAsync(HttpClient client, string fileName, byte[] content, string contentType,
        string? type = null, string? field = null)
    {
        using var form = new MultipartFormDataContent();
        var bytes = new ByteArrayContent(content);
        bytes.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(bytes, "file", fileName);
        if (type is not null)
        {
            form.Add(new StringContent(type), "type");
            form.Add(new StringContent(field!), "field");
        }

        var response = await client.PostAsync("/api/attachments", form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private static JsonObject NoticeBody(string orgUnitCode, string title, string? attachment, string body = "<p>见附件</p>")
    {
        var notice = new JsonObject
        {
            ["Title"] = new JsonObject { ["value"] = title },
            ["Body"] = new JsonObject { ["value"] = body },
        };
        if (attachment is not null)
        {
            notice["Attachments"] = new JsonObject { ["value"] = new JsonArray(attachment) };
        }

        return new JsonObject { ["orgUnitCode"] = orgUnitCode, ["content"] = new JsonObject { ["Notice"] = notice } };
    }

    private static async Task<string> CreateNoticeAsync(HttpClient client, string orgUnitCode, string title, string attachment)
    {
        var created = await client.PostAsJsonAsync("/api/content/Notice", NoticeBody(orgUnitCode, title, attachment));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonObject>())!["contentItemId"]!.GetValue<string>();
    }

    private static string FieldError(JsonObject? problem) => problem!["errors"]!["Notice.Attachments"]![0]!.GetValue<string>();
}
