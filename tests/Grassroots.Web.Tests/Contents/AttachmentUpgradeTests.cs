using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Data;
using Grassroots.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Grassroots.Tests.Security.JurisdictionTestUsers;

namespace Grassroots.Tests.Contents;

/// <summary>A database from before the attachment table gets it at start-up, with the files items refer to back-filled.</summary>
public sealed class AttachmentUpgradeTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Upgrading_back_fills_the_owner_of_files_items_refer_to(DatabaseKind kind)
    {
        var database = await TestDatabase.CreateAsync(kind);
        try
        {
            string file, notice;
            await using (var before = new GrassrootsFactory(database, ownsDatabase: false))
            {
                using var admin = await before.CreateApiClientAsync();
                using var form = new MultipartFormDataContent();
                var bytes = new ByteArrayContent("乔官镇旧附件"u8.ToArray());
                bytes.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
                form.Add(bytes, "file", "旧附件.txt");
                var uploaded = await admin.PostAsync("/api/attachments", form);
                file = (await uploaded.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
                var created = await admin.PostAsJsonAsync("/api/content/Notice", Notice("370725107", "乔官镇旧通知", file));
                Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
                notice = (await created.Content.ReadFromJsonAsync<JsonObject>())!["contentItemId"]!.GetValue<string>();
                await CreateAsync(before, "a-staff", "370725001", "TownStaff");
                await CreateAsync(before, "b-staff", "370725107", "TownStaff");

                // Back to the schema before this change: no table, no migration record.
                await using var scope = before.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<GrassrootsDbContext>();
                await db.Database.ExecuteSqlRawAsync("DROP TABLE \"Attachments\"");
                await db.Database.ExecuteSqlRawAsync("DELETE FROM \"DataMigrations\" WHERE \"Name\" = 'Grassroots.Media.AttachmentMigrations'");
            }

            await using var after = new GrassrootsFactory(database, ownsDatabase: false);
            using var a = await after.CreateApiClientAsync("a-staff", Password);
            using var b = await after.CreateApiClientAsync("b-staff", Password);

            // Bound to its town-B notice: town B reads it, town A does not, no other item can take it.
            var read = await b.GetAsync($"/attachments/{file}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal("乔官镇旧附件", await read.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/attachments/{file}")).StatusCode);
            var taken = await b.PostAsJsonAsync("/api/content/Notice", Notice("370725107", "另一条通知", file));
            Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
            Assert.Contains("已属于其他内容", (await taken.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["Notice.Attachments"]![0]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"/api/content/{notice}")).StatusCode);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    private static JsonObject Notice(string orgUnitCode, string title, string attachment) => new()
    {
        ["orgUnitCode"] = orgUnitCode,
        ["content"] = new JsonObject
        {
            ["Notice"] = new JsonObject
            {
                ["Title"] = new JsonObject { ["value"] = title },
                ["Body"] = new JsonObject { ["value"] = "<p>见附件</p>" },
                ["Attachments"] = new JsonObject { ["value"] = new JsonArray(attachment) },
            },
        },
    };
}
