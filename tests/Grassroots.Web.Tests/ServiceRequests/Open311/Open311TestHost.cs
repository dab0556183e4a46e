using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Grassroots.Security;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Grassroots.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.ServiceRequests.Open311;

/// <summary>
/// The app for the online-channel and Open311 tests (the real pipeline, catalogue and the recipe's demo guides); the
/// submission limit is high unless a test sets it.
/// </summary>
internal static class Open311TestHost
{
    /// <summary>The header a test sets to pose as another client address (see <see cref="ClientAddressFilter"/>).</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    public static Task<GrassrootsFactory> CreateAsync(DatabaseKind kind, int submitLimit = 10000, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ServiceRequests:SubmitRateLimit:PermitLimit"] = submitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return GrassrootsFactory.CreateAsync(kind, services => services.AddSingleton<IStartupFilter, ClientAddressFilter>(), all);
    }

    /// <summary>Sets the connection's remote address from <see cref="ClientAddressHeader"/> (the test server has none).</summary>
    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (System.Net.IPAddress.TryParse(context.Request.Headers[ClientAddressHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }

    /// <summary>A published guide to submit against: a promised one (承诺件) when <paramref name="immediate"/> is false.</summary>
    public static async Task<ServiceGuideInfo> GuideAsync(GrassrootsFactory factory, bool immediate = false)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var guides = await scope.ServiceProvider.GetRequiredService<IServiceCatalog>().ListGuidesAsync(null, null, CancellationToken.None);
        return guides.FirstOrDefault(g => g.IsImmediate == immediate && (immediate || g.TimeLimitDays > 0))
            ?? throw new InvalidOperationException($"No published {(immediate ? "immediate" : "promised")} guide.");
    }

    /// <summary>The administrator as a principal, for pipeline commands a clerk would make.</summary>
    public static async Task<ClaimsPrincipal> AdminAsync(IServiceProvider services)
    {
        var users = services.GetRequiredService<UserManager<GrassrootsUser>>();
        var admin = await users.FindByNameAsync(GrassrootsFactory.AdminUserName);
        return await services.GetRequiredService<IUserClaimsPrincipalFactory<GrassrootsUser>>().CreateAsync(admin!);
    }

    /// <summary>Drives a request through 分流交办 → 签收 → 办结 with the pipeline, as the staff would.</summary>
    public static async Task<ServiceRequestRecord> CompleteAsync(GrassrootsFactory factory, string receiptCode, string result = "已按规定办结，材料已寄出。")
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var pipeline = scope.ServiceProvider.GetRequiredService<IServiceRequestPipeline>();
        var catalog = scope.ServiceProvider.GetRequiredService<IServiceCatalog>();
        var admin = await AdminAsync(scope.ServiceProvider);
        var request = await pipeline.FindByReceiptAsync(receiptCode, CancellationToken.None) ?? throw new InvalidOperationException(receiptCode);
        for (var step = 0; step < 10 && request.Stage != ServiceStage.Completed; step++)
        {
            var outcome = request.Stage switch
            {
                ServiceStage.AwaitingDispatch => await pipeline.DispatchAsync(admin, request.ContentItemId,
                    (await catalog.FindWindowsAsync(request.CurrentPointCode, request.ItemCode, CancellationToken.None))[0].Code, null, CancellationToken.None),
                ServiceStage.AwaitingAcceptance => await pipeline.AcceptAsync(admin, request.ContentItemId, CancellationToken.None),
                ServiceStage.AwaitingMaterials => await pipeline.ReceiveMaterialsAsync(admin, request.ContentItemId, CancellationToken.None),
                ServiceStage.InProgress => await pipeline.CompleteAsync(admin, request.ContentItemId, result, CancellationToken.None),
                _ => throw new InvalidOperationException($"Cannot complete from {request.Stage}"),
            };
            Assert.True(outcome.Succeeded, outcome.Error);
            request = outcome.Request!;
        }

        Assert.Equal(ServiceStage.Completed, request.Stage);
        return request;
    }

    /// <summary>Puts a request in 补办 (the clock stops) with <paramref name="materials"/> missing.</summary>
    public static async Task RequestMaterialsAsync(GrassrootsFactory factory, string receiptCode, params string[] materials)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var pipeline = scope.ServiceProvider.GetRequiredService<IServiceRequestPipeline>();
        var catalog = scope.ServiceProvider.GetRequiredService<IServiceCatalog>();
        var admin = await AdminAsync(scope.ServiceProvider);
        var request = (await pipeline.FindByReceiptAsync(receiptCode, CancellationToken.None))!;
        if (request.Stage == ServiceStage.AwaitingDispatch)
        {
            var window = (await catalog.FindWindowsAsync(request.CurrentPointCode, request.ItemCode, CancellationToken.None))[0].Code;
            Assert.True((await pipeline.DispatchAsync(admin, request.ContentItemId, window, null, CancellationToken.None)).Succeeded);
            request = (await pipeline.FindAsync(request.ContentItemId, CancellationToken.None))!;
        }

        if (request.Stage == ServiceStage.AwaitingAcceptance)
        {
            Assert.True((await pipeline.AcceptAsync(admin, request.ContentItemId, CancellationToken.None)).Succeeded);
        }

        var outcome = await pipeline.RequestMaterialsAsync(admin, request.ContentItemId, materials, "请补齐后到窗口提交", CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);
    }

    /// <summary>Submits through Open311 POST and returns the receipt code.</summary>
    public static async Task<string> PostAsync(HttpClient client, string serviceCode, IDictionary<string, string>? extra = null)
        => (await SubmitAsync(client, serviceCode, extra)).ReceiptCode;

    /// <summary>Submits through Open311 POST and returns the receipt code and the private tracking secret of the answer.</summary>
    public static async Task<(string ReceiptCode, string TrackingCode)> SubmitAsync(HttpClient client, string serviceCode, IDictionary<string, string>? extra = null)
    {
        var form = new Dictionary<string, string>
        {
            ["service_code"] = serviceCode,
            ["description"] = "申请办理，请尽快联系我。",
            ["first_name"] = "小明",
            ["last_name"] = "王",
            ["phone"] = "13800001234",
            ["address_id"] = "370725107277",
            ["lat"] = "36.7012",
            ["long"] = "118.8301",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            form[key] = value;
        }

        var response = await client.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var json = JsonNode.Parse(body)!;
        Open311Schemas.AssertValid(Open311Schemas.PostResponse, json);
        return (json[0]!["service_request_id"]!.GetValue<string>(), json[0]!["tracking_code"]!.GetValue<string>());
    }

    public static async Task<JsonNode> GetJsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        return JsonNode.Parse(body)!;
    }

    public static Task<HttpResponseMessage> PostJsonFormAsync(HttpClient client, string url, Dictionary<string, string> form)
        => client.PostAsync(url, new FormUrlEncodedContent(form));

    public static Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response) => response.Content.ReadFromJsonAsync<JsonNode>();
}
