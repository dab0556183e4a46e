using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Security;
using static Grassroots.Tests.ServiceRequests.Screens.ScreensTestSetup;

namespace Grassroots.Tests.ServiceRequests.Screens;

/// <summary>Registration binds its files to the request item through the content manager, like any other item.</summary>
public sealed class ServiceRequestAttachmentTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Registering_binds_the_clerks_uploads_to_the_request_and_refuses_anyone_elses(DatabaseKind kind)
    {
        await using var factory = await CreateSeededAsync(kind);
        using var api = await factory.CreateApiClientAsync(Dispatcher, JurisdictionTestUsers.Password);
        using var clerk = await factory.CreateApiClientAsync(WindowClerk, JurisdictionTestUsers.Password);
        using var other = await factory.CreateApiClientAsync(OtherTown, JurisdictionTestUsers.Password);

        var mine = await UploadAsync(api, "收入证明.pdf");
        var clerks = await UploadAsync(clerk, "别人的材料.pdf");

        // Another clerk's unattached upload is refused on the attachments field.
        var refused = await api.PostAsJsonAsync("/api/service-requests", Request([clerks]));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("不是您上传的文件", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["attachmentIds"]![0]!.GetValue<string>());

        // The clerk's own upload is accepted and now belongs to the request: readable in its town, not in another,
        // and no other item can take it.
        var created = await api.PostAsJsonAsync("/api/service-requests", Request([mine]));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/attachments/{mine}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/attachments/{mine}")).StatusCode);
        var again = await api.PostAsJsonAsync("/api/service-requests", Request([mine]));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("已属于其他内容", (await again.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["attachmentIds"]![0]!.GetValue<string>());
    }

    private static object Request(string[] attachmentIds) => new
    {
        pointCode = Room, itemCode = ItemCode, channel = "window", requesterName = "王秀兰", requesterPhone = Phone,
        orgUnitCode = "370725001036", description = "申请城乡低保，附收入证明。", attachmentIds,
    };

    private static async Task<string> UploadAsync(HttpClient client, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var bytes = new ByteArrayContent("%PDF-1.4 test"u8.ToArray());
        bytes.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(bytes, "file", fileName);
        var response = await client.PostAsync("/api/attachments", form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }
}
