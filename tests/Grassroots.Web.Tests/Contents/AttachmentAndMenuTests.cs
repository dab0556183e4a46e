using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Navigation;
using Grassroots.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Contents;

public sealed class AttachmentAndMenuTests
{
    [Fact]
    public async Task Attachment_is_uploaded_checked_and_downloaded_as_a_file()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = await factory.CreateApiClientAsync();

        using var ok = new MultipartFormDataContent();
        var bytes = new ByteArrayContent("走访记录"u8.ToArray());
        bytes.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        ok.Add(bytes, "file", "记录.txt");
        var uploaded = await client.PostAsync("/api/attachments", ok);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var info = (await uploaded.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = info["id"]!.GetValue<string>();
        Assert.Equal("记录.txt", info["fileName"]!.GetValue<string>());

        using var bad = new MultipartFormDataContent();
        bad.Add(new ByteArrayContent("<script>"u8.ToArray()), "file", "x.html");
        var refused = await client.PostAsync("/api/attachments", bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("x.html", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());

        var download = await client.GetAsync($"/attachments/{id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("走访记录", await download.Content.ReadAsStringAsync());

        using var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/content")).StatusCode);
    }

    [Fact]
    public async Task Admin_menu_has_a_content_group_with_one_entry_per_listable_type()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var scope = factory.Services.CreateScope();
        var builder = new NavigationBuilder();
        foreach (var provider in scope.ServiceProvider.GetServices<INavigationProvider>())
        {
            await provider.BuildNavigationAsync("admin", builder);
        }

        var content = builder.Items.Single(i => i.Text == "内容");
        Assert.Contains(content.Children, c => c.Url == "/admin/content/Notice" && c.Text == "通知公告");
        Assert.Contains(content.Children, c => c.Url == "/admin/content/OpinionReport" && c.Text == "民情信息");
    }
}
