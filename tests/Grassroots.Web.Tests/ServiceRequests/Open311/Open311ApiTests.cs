using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Grassroots.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.ServiceRequests.Open311;

/// <summary>Open311 GeoReport v2 at /open311/v2/: schemas, XML parity, round trip, filters, errors, privacy.</summary>
public sealed class Open311ApiTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Services_and_definitions_match_the_schemas_and_the_xml_carries_the_same_values(DatabaseKind kind)
    {
        await using var factory = await Open311TestHost.CreateAsync(kind);
        var client = factory.CreateClient();

        var services = await Open311TestHost.GetJsonAsync(client, "/open311/v2/services.json");
        Open311Schemas.AssertValid(Open311Schemas.Services, services);
        var list = services.AsArray();
        Assert.NotEmpty(list);
        var guide = await Open311TestHost.GuideAsync(factory);
        var service = list.Single(s => s!["service_code"]!.GetValue<string>() == guide.ItemCode)!;
        Assert.Equal(guide.ItemName, service["service_name"]!.GetValue<string>());
        Assert.False(service["metadata"]!.GetValue<bool>());
        Assert.Equal("realtime", service["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(service["group"]?.GetValue<string>()), "group = the office's name");
        Assert.Contains(guide.Materials[0], service["description"]!.GetValue<string>());

        var xml = await GetXmlAsync(client, "/open311/v2/services.xml");
        Assert.Equal("services", xml.Root!.Name.LocalName);
        AssertSameValues(list, xml.Root, "service");

        var definition = await Open311TestHost.GetJsonAsync(client, $"/open311/v2/services/{guide.ItemCode}.json");
        Open311Schemas.AssertValid(Open311Schemas.ServiceDefinition, definition);
        Assert.Equal(guide.ItemCode, definition["service_code"]!.GetValue<string>());
        Assert.Empty(definition["attributes"]!.AsArray());
        var definitionXml = await GetXmlAsync(client, $"/open311/v2/services/{guide.ItemCode}.xml");
        Assert.Equal("service_definition", definitionXml.Root!.Name.LocalName);
        Assert.Equal(guide.ItemCode, definitionXml.Root.Element("service_code")!.Value);
        Assert.NotNull(definitionXml.Root.Element("attributes"));

        var missing = await client.GetAsync("/open311/v2/services/NO-SUCH-ITEM.json");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        AssertError(JsonNode.Parse(await missing.Content.ReadAsStringAsync())!, 404);

        var discovery = await Open311TestHost.GetJsonAsync(client, "/open311/v2/discovery.json");
        var endpoint = discovery["endpoints"]![0]!;
        Assert.Equal("http://wiki.open311.org/GeoReport_v2", endpoint["specification"]!.GetValue<string>());
        Assert.EndsWith("/open311/v2", endpoint["url"]!.GetValue<string>());
        var discoveryXml = await GetXmlAsync(client, "/open311/v2/discovery.xml");
        Assert.Equal(["text/xml", "application/json"], discoveryXml.Root!.Element("endpoints")!.Element("endpoint")!.Element("formats")!.Elements("format").Select(e => e.Value));

        // The validator really validates: a service without its required fields fails.
        Open311Schemas.AssertInvalid(Open311Schemas.Services, new JsonArray(new JsonObject { ["service_code"] = "X" }));
        Open311Schemas.AssertInvalid(Open311Schemas.Requests, new JsonArray(new JsonObject
        {
            ["service_request_id"] = "X", ["status"] = "open", ["service_code"] = "X", ["requested_datetime"] = "yesterday",
        }));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_posted_request_reads_back_without_personal_data_in_json_and_xml(DatabaseKind kind)
    {
        await using var factory = await Open311TestHost.CreateAsync(kind);
        var client = factory.CreateClient();
        var guide = await Open311TestHost.GuideAsync(factory);

        var receipt = await Open311TestHost.PostAsync(client, guide.ItemCode, new Dictionary<string, string> { ["jurisdiction_id"] = "370725" });

        var postXml = await client.PostAsync("/open311/v2/requests.xml", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["service_code"] = guide.ItemCode, ["description"] = "XML 提交", ["phone"] = "13800005678", ["address_string"] = "乔官镇团埠坡村",
            ["first_name"] = "红", ["last_name"] = "李",
        }));
        Assert.Equal(HttpStatusCode.OK, postXml.StatusCode);
        var postDoc = XDocument.Parse(await postXml.Content.ReadAsStringAsync());
        Assert.Equal("service_requests", postDoc.Root!.Name.LocalName);
        Assert.False(string.IsNullOrEmpty(postDoc.Root.Element("request")!.Element("service_request_id")!.Value));

        var text = await (await client.GetAsync($"/open311/v2/requests/{receipt}.json")).Content.ReadAsStringAsync();
        var one = JsonNode.Parse(text)!;
        Open311Schemas.AssertValid(Open311Schemas.Requests, one);
        var request = one.AsArray().Single()!;
        Assert.Equal(receipt, request["service_request_id"]!.GetValue<string>());
        Assert.Equal("open", request["status"]!.GetValue<string>());
        Assert.Equal(guide.ItemCode, request["service_code"]!.GetValue<string>());
        Assert.Equal(guide.ItemName, request["service_name"]!.GetValue<string>());
        Assert.StartsWith("团埠坡村", request["address"]!.GetValue<string>());
        Assert.Equal("370725107277", request["address_id"]!.GetValue<string>());
        Assert.Equal(36.7012, request["lat"]!.GetValue<double>(), 6);
        Assert.Equal(118.8301, request["long"]!.GetValue<double>(), 6);
        Assert.EndsWith("+08:00", request["requested_datetime"]!.GetValue<string>());
        Assert.EndsWith("+08:00", request["expected_datetime"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(request["agency_responsible"]?.GetValue<string>()));
        Assert.Contains(guide.TimeLimitDays.ToString(System.Globalization.CultureInfo.InvariantCulture), request["service_notice"]!.GetValue<string>());
        foreach (var personal in new[] { "13800001234", "1234", "王", "小明", "请尽快联系我", "description", "phone", "first_name", "email" })
        {
            Assert.DoesNotContain(personal, text);
        }

        var xml = await GetXmlAsync(client, $"/open311/v2/requests/{receipt}.xml");
        Assert.Equal("service_requests", xml.Root!.Name.LocalName);
        AssertSameValues(one.AsArray(), xml.Root, "request");

        var list = await Open311TestHost.GetJsonAsync(client, "/open311/v2/requests.json");
        Open311Schemas.AssertValid(Open311Schemas.Requests, list);
        Assert.Equal(2, list.AsArray().Count);
        Assert.Contains(list.AsArray(), r => r!["service_request_id"]!.GetValue<string>() == receipt);
        var listXml = await GetXmlAsync(client, "/open311/v2/requests.xml");
        AssertSameValues(list.AsArray(), listXml.Root!, "request");

        var token = await Open311TestHost.GetJsonAsync(client, $"/open311/v2/tokens/{receipt}.json");
        Open311Schemas.AssertValid(Open311Schemas.TokenResponse, token);
        Assert.Equal(receipt, token[0]!["service_request_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/open311/v2/tokens/NOPE.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/open311/v2/requests/20000101-NOPE.json")).StatusCode);

        // The request really is in the pipeline, registered online with the requester's data kept (not published).
        await using var scope = factory.Services.CreateAsyncScope();
        var record = await scope.ServiceProvider.GetRequiredService<IServiceRequestPipeline>().FindByReceiptAsync(receipt, CancellationToken.None);
        Assert.Equal(ServiceChannel.Online, record!.Channel);
        Assert.Equal(record.DueDate!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T23:59:59+08:00", request["expected_datetime"]!.GetValue<string>());
        Assert.Equal("370725107277", record.OrgUnitCode);
        var item = await scope.ServiceProvider.GetRequiredService<Grassroots.ContentManagement.IContentManager>().GetAsync(record.ContentItemId, Grassroots.ContentManagement.VersionOptions.Latest, CancellationToken.None);
        Assert.Equal("王小明", item!.GetFieldValue("ServiceRequest", "RequesterName")!.GetValue<string>());
        Assert.Equal("13800001234", await scope.ServiceProvider.GetRequiredService<PublicRequestReader>().RequesterPhoneAsync(record.ContentItemId, CancellationToken.None));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Request_lists_filter_by_status_service_code_dates_and_ids(DatabaseKind kind)
    {
        await using var factory = await Open311TestHost.CreateAsync(kind);
        var client = factory.CreateClient();
        var promised = await Open311TestHost.GuideAsync(factory);
        var immediate = await Open311TestHost.GuideAsync(factory, immediate: true);
        var open = await Open311TestHost.PostAsync(client, promised.ItemCode);
        var done = await Open311TestHost.PostAsync(client, immediate.ItemCode);
        await Open311TestHost.CompleteAsync(factory, done);

        async Task<string[]> Ids(string query)
        {
            var json = await Open311TestHost.GetJsonAsync(client, "/open311/v2/requests.json?" + query);
            Open311Schemas.AssertValid(Open311Schemas.Requests, json);
            return json.AsArray().Select(r => r!["service_request_id"]!.GetValue<string>()).Order().ToArray();
        }

        Assert.Equal([open], await Ids("status=open"));
        Assert.Equal([done], await Ids("status=closed"));
        Assert.Equal(new[] { open, done }.Order(), await Ids("status=open,closed"));
        Assert.Equal([open], await Ids("service_code=" + promised.ItemCode));
        Assert.Equal([done], await Ids($"service_code={immediate.ItemCode}&status=closed"));
        Assert.Empty(await Ids($"service_code={immediate.ItemCode}&status=open"));
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(new[] { open, done }.Order(), await Ids("start_date=" + Uri.EscapeDataString(now.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssK"))));
        Assert.Empty(await Ids("start_date=" + Uri.EscapeDataString(now.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssK"))));
        Assert.Empty(await Ids("end_date=" + Uri.EscapeDataString(now.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ss") + "+08:00")));
        Assert.Equal(new[] { open, done }.Order(), await Ids($"service_request_id={open},{done.ToLowerInvariant()}&status=open"));

        var closed = (await Open311TestHost.GetJsonAsync(client, $"/open311/v2/requests/{done}.json"))[0]!;
        Assert.Equal("closed", closed["status"]!.GetValue<string>());
        Assert.Null(closed["expected_datetime"]);
        Assert.EndsWith("+08:00", closed["updated_datetime"]!.GetValue<string>());

        var bad = await client.GetAsync("/open311/v2/requests.json?start_date=not-a-date");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        AssertError(JsonNode.Parse(await bad.Content.ReadAsStringAsync())!, 400);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/open311/v2/requests.json?status=pending")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/open311/v2/requests.json?start_date=2026-06-01&end_date=2026-05-01")).StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_foreign_jurisdiction_bad_format_or_bad_submission_gets_the_spec_error_format(DatabaseKind kind)
    {
        await using var factory = await Open311TestHost.CreateAsync(kind);
        var client = factory.CreateClient();
        var guide = await Open311TestHost.GuideAsync(factory);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/open311/v2/services.json?jurisdiction_id=370725")).StatusCode);
        var json = await client.GetAsync("/open311/v2/services.json?jurisdiction_id=370700");
        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        AssertError(JsonNode.Parse(await json.Content.ReadAsStringAsync())!, 404);

        var xml = await client.GetAsync("/open311/v2/requests.xml?jurisdiction_id=110000");
        Assert.Equal(HttpStatusCode.NotFound, xml.StatusCode);
        var errors = XDocument.Parse(await xml.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("errors", errors.Name.LocalName);
        Assert.Equal("404", errors.Element("error")!.Element("code")!.Value);
        Assert.Contains("110000", errors.Element("error")!.Element("description")!.Value);

        var post = await client.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["jurisdiction_id"] = "370700", ["service_code"] = guide.ItemCode, ["description"] = "x", ["address_string"] = "x",
        }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/open311/v2/services.csv")).StatusCode);

        async Task BadPost(Dictionary<string, string> form, string expected)
        {
            var response = await client.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(form));
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            AssertError(body, 400);
            Assert.Contains(expected, body[0]!["description"]!.GetValue<string>());
        }

        await BadPost(new() { ["description"] = "x", ["address_string"] = "x" }, "service_code");
        await BadPost(new() { ["service_code"] = "NO-SUCH", ["description"] = "x", ["address_string"] = "x" }, "NO-SUCH");
        await BadPost(new() { ["service_code"] = guide.ItemCode, ["description"] = "x", ["phone"] = "13800001234" }, "位置");
        await BadPost(new() { ["service_code"] = guide.ItemCode, ["description"] = "x", ["lat"] = "200", ["long"] = "118" }, "lat");
        await BadPost(new() { ["service_code"] = guide.ItemCode, ["description"] = "x", ["address_id"] = "999999999999" }, "address_id");

        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<PublicRequestReader>().ViewAsync([.. scope.ServiceProvider.GetRequiredService<PublicRequestReader>().Requests], CancellationToken.None));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Submissions_over_the_limit_get_429_with_a_chinese_message(DatabaseKind kind)
    {
        await using var factory = await Open311TestHost.CreateAsync(kind, submitLimit: 2);
        var client = factory.CreateClient();
        var guide = await Open311TestHost.GuideAsync(factory);
        await Open311TestHost.PostAsync(client, guide.ItemCode);
        await Open311TestHost.PostAsync(client, guide.ItemCode);

        var refused = await client.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["service_code"] = guide.ItemCode, ["description"] = "第三次", ["address_string"] = "x",
        }));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null);
        var body = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        AssertError(body, 429);
        Assert.Contains("提交过于频繁", body[0]!["description"]!.GetValue<string>());

        var refusedXml = await client.PostAsync("/open311/v2/requests.xml", new FormUrlEncodedContent(new Dictionary<string, string> { ["service_code"] = guide.ItemCode }));
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedXml.StatusCode);
        Assert.Equal("429", XDocument.Parse(await refusedXml.Content.ReadAsStringAsync()).Root!.Element("error")!.Element("code")!.Value);

        // The portal form shares the limit and answers with a Chinese page.
        var browser = factory.CreateBrowserlikeClient();
        var page = await browser.GetStringAsync("/service/submit");
        var portal = await browser.PostAsync("/service/submit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = GrassrootsFactory.AntiforgeryToken(page), ["ItemCode"] = guide.ItemCode,
        }));
        Assert.Equal(HttpStatusCode.TooManyRequests, portal.StatusCode);
        Assert.StartsWith("text/html", portal.Content.Headers.ContentType?.ToString());
        Assert.Contains("提交过于频繁", await portal.Content.ReadAsStringAsync());

        // Reading is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/open311/v2/requests.json")).StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task A_configured_api_key_is_required_for_submissions(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind, settings: new Dictionary<string, string?>
        {
            ["ServiceRequests:Open311:ApiKey"] = "county-key-2026",
            ["ServiceRequests:SubmitRateLimit:PermitLimit"] = "100",
        });
        var client = factory.CreateClient();
        var guide = await Open311TestHost.GuideAsync(factory);

        var refused = await client.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["service_code"] = guide.ItemCode, ["description"] = "x", ["address_string"] = "x", ["api_key"] = "wrong",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        AssertError(JsonNode.Parse(await refused.Content.ReadAsStringAsync())!, 403);

        var receipt = await Open311TestHost.PostAsync(client, guide.ItemCode, new Dictionary<string, string> { ["api_key"] = "county-key-2026" });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/open311/v2/requests/{receipt}.json")).StatusCode);
    }

    internal static async Task<XDocument> GetXmlAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {body}");
        Assert.StartsWith("text/xml", response.Content.Headers.ContentType?.ToString());
        return XDocument.Parse(body);
    }

    private static void AssertError(JsonNode body, int code)
    {
        var error = Assert.Single(body.AsArray())!;
        Assert.Equal(code, error["code"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(error["description"]!.GetValue<string>()));
    }

    /// <summary>Every JSON item's scalar properties appear as child elements of the matching XML item with the same text.</summary>
    private static void AssertSameValues(JsonArray items, XElement root, string itemName)
    {
        var elements = root.Elements(itemName).ToList();
        Assert.Equal(items.Count, elements.Count);
        for (var i = 0; i < items.Count; i++)
        {
            foreach (var (key, value) in items[i]!.AsObject())
            {
                var element = elements[i].Element(key);
                Assert.True(element is not null, $"XML {itemName} #{i} lacks <{key}>");
                if (value is JsonValue scalar)
                {
                    var expected = scalar.GetValueKind() switch
                    {
                        JsonValueKind.String => scalar.GetValue<string>(),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => scalar.ToJsonString(),
                    };
                    Assert.Equal(expected, element.Value);
                }
                else if (value is null)
                {
                    Assert.Equal("", element.Value);
                }
            }
        }
    }
}
