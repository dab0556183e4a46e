using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;

namespace Grassroots.Tests;

/// <summary>Validation messages are Chinese by default and English for a user who chose English.</summary>
public sealed class LocalizedValidationTests
{
    [Theory]
    [InlineData(null, "「涉及户数」不能大于 1000")]
    [InlineData("en", "“涉及户数” must not be greater than 1000")]
    public async Task Field_messages_follow_the_language(string? culture, string expected)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        using var client = await factory.CreateApiClientAsync();
        var url = culture is null ? "/api/content/OpinionReport" : $"/api/content/OpinionReport?culture={culture}";
        var response = await client.PostAsJsonAsync(url, new
        {
            orgUnitCode = "370725107277",
            content = new
            {
                OpinionReport = new
                {
                    Summary = new { value = "测试" },
                    Category = new { value = "opinion" },
                    VisitDate = new { value = "2026-11-20" },
                    Households = new { value = 5000 },
                },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        var messages = problem!["errors"]!["OpinionReport.Households"]!.AsArray().Select(m => m!.GetValue<string>());
        Assert.Contains(expected, messages);
    }
}
