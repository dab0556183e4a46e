using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;

namespace Grassroots.Tests.Security;

/// <summary>
/// Bad input at the edge answers like every other error: the right status (413 for too large), a Chinese title and
/// per-field messages (English when the user chose it), and never a parser's English text or a 500.
/// </summary>
public sealed class BadInputAtTheEdgeTests : IAsyncLifetime
{
    private GrassrootsFactory _factory = null!;

    public async Task InitializeAsync()
    {
        // Kestrel, not the in-memory test server: the body size limit is Kestrel's, and it is what is tested here.
        _factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        _factory.UseKestrel(0);
        _factory.StartServer();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData(null, "提交的数据有误", "请求内容不是有效的 JSON")]
    [InlineData("en", "The submitted data is invalid", "The request body is not valid JSON")]
    public async Task Malformed_json_is_a_400_in_the_users_language_without_parser_text(string? culture, string title, string message)
    {
        using var client = await _factory.CreateApiClientAsync();
        var response = await client.PostAsync(Url("/api/users", culture), Json("{\"userName\": \"x\", \"displayName\": "));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(title, problem["title"]!.GetValue<string>());
        var messages = Messages(problem);
        Assert.Contains(messages, m => m.Contains(message, StringComparison.Ordinal));
        AssertNoFrameworkText(problem);
    }

    [Theory]
    [InlineData(null, "「userName」的值格式或类型不正确")]
    [InlineData("en", "“userName” has a value of the wrong format or type")]
    public async Task A_value_of_the_wrong_type_names_the_field(string? culture, string expected)
    {
        using var client = await _factory.CreateApiClientAsync();
        var response = await client.PostAsync(Url("/api/users", culture), Json("{\"userName\": 12, \"displayName\": \"张三\"}"));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([expected], problem["errors"]!["userName"]!.AsArray().Select(m => m!.GetValue<string>()));
        AssertNoFrameworkText(problem);
    }

    [Fact]
    public async Task An_empty_body_is_a_400_in_chinese()
    {
        using var client = await _factory.CreateApiClientAsync();
        var response = await client.PostAsync("/api/users", new StringContent("", Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("请求内容不能为空", Messages(problem));
        AssertNoFrameworkText(problem);
    }

    [Theory]
    [InlineData(null, "提交的内容过大")]
    [InlineData("en", "The request is too large")]
    public async Task An_oversize_upload_is_a_413_with_a_localized_title(string? culture, string title)
    {
        using var client = await _factory.CreateApiClientAsync();
        client.DefaultRequestHeaders.ExpectContinue = true;
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(new byte[21 * 1024 * 1024]), "file", "big.pdf");
        var response = await client.PostAsync(Url("/api/attachments", culture), form);
        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(title, problem["title"]!.GetValue<string>());
        Assert.Contains("20", problem["detail"]!.GetValue<string>());
        AssertNoFrameworkText(problem);
    }

    [Theory]
    [InlineData(null, "提交的内容过大")]
    [InlineData("en", "The request is too large")]
    public async Task An_oversize_json_body_is_a_413_not_a_500(string? culture, string title)
    {
        using var client = await _factory.CreateApiClientAsync();

        // As a browser or curl does for a large body: the server answers before the body is sent.
        client.DefaultRequestHeaders.ExpectContinue = true;
        var body = "{\"userName\": \"" + new string('a', 21 * 1024 * 1024) + "\"}";
        var response = await client.PostAsync(Url("/api/users", culture), Json(body));
        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(title, problem["title"]!.GetValue<string>());
        AssertNoFrameworkText(problem);
    }

    private static string Url(string path, string? culture) => culture is null ? path : $"{path}?culture={culture}";

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static List<string> Messages(JsonObject problem)
        => problem["errors"] is JsonObject errors
            ? errors.SelectMany(e => e.Value!.AsArray().Select(m => m!.GetValue<string>())).ToList()
            : [];

    private static void AssertNoFrameworkText(JsonObject problem)
    {
        var text = problem.ToJsonString();
        foreach (var english in new[] { "One or more validation errors", "could not be converted", "is an invalid", "Request body too large", "Multipart body length", "non-empty request body", "The input was not valid", "LineNumber" })
        {
            Assert.DoesNotContain(english, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
