using System.Globalization;
using System.Text.Json.Nodes;
using Grassroots.OrgUnits;
using Grassroots.ServiceRequests.Models;
using Grassroots.ServiceRequests.Services;
using Grassroots.ServiceRequests.Services.Open311;
using Grassroots.Settings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Localization;

namespace Grassroots.ServiceRequests.Controllers;

/// <summary>
/// Open311 GeoReport v2 (<c>/open311/v2/</c>): discovery, services, service definitions, requests (list, one, submit) and
/// tokens, as JSON or XML by the <c>.json</c>/<c>.xml</c> suffix. Anonymous. <c>jurisdiction_id</c> is optional; when given
/// it must be the county code of the site settings. <c>service_request_id</c> is the receipt code (受理回执码), a public id:
/// it opens nothing by itself. GET responses carry no personal data (no name, phone, e-mail, address text or description)
/// and nothing that opens tracking; only the POST answer carries the submitter's private <c>tracking_code</c>. POST is
/// rate-limited per client address;
/// <c>api_key</c> is optional unless <c>ServiceRequests:Open311:ApiKey</c> is configured, then it must match.
/// </summary>
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class Open311Controller(
    IServiceCatalog catalog,
    IServiceRequestPipeline pipeline,
    PublicRequestReader reader,
    IOrgUnitService orgUnits,
    ISiteSettingsStore siteSettings,
    IConfiguration configuration,
    TimeProvider clock,
    IStringLocalizer<Open311Controller> T) : Controller
{
    /// <summary>The GeoReport v2 specification URL named by the discovery document.</summary>
    public const string Specification = "http://wiki.open311.org/GeoReport_v2";

    /// <summary>When the discovery document last changed.</summary>
    public const string Changeset = "2026-11-28T00:00:00+08:00";

    /// <summary>The most requests one list returns.</summary>
    public const int MaxRequests = 1000;

    /// <summary>The default time window of a list without dates.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(90);

    [HttpGet("/open311/v2/discovery.{format}")]
    public async Task<IActionResult> Discovery(string format, [FromQuery(Name = "jurisdiction_id")] string? jurisdictionId, CancellationToken cancellationToken)
    {
        if (await CheckAsync(format, jurisdictionId, cancellationToken) is { } error)
        {
            return error;
        }

        var site = await siteSettings.GetAsync(ISiteSettingsStore.Site, cancellationToken);
        var siteName = site["SiteName"] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : T["基层社会治理平台"].Value;
        var body = new JsonObject
        {
            ["changeset"] = Changeset,
            ["contact"] = T["{0}（县群众工作中心）", siteName].Value,
            ["key_service"] = T["api_key 可不填：提交无需密钥，按来源地址限制频率。"].Value,
            ["endpoints"] = new JsonArray(new JsonObject
            {
                ["specification"] = Specification,
                ["url"] = $"{Request.Scheme}://{Request.Host}{Request.PathBase}/open311/v2",
                ["changeset"] = Changeset,
                ["type"] = "production",
                ["formats"] = new JsonArray("text/xml", "application/json"),
            }),
        };
        return Render(body, "discovery", format);
    }

    [HttpGet("/open311/v2/services.{format}")]
    public async Task<IActionResult> Services(string format, [FromQuery(Name = "jurisdiction_id")] string? jurisdictionId, CancellationToken cancellationToken)
    {
        if (await CheckAsync(format, jurisdictionId, cancellationToken) is { } error)
        {
            return error;
        }

        var guides = await catalog.ListGuidesAsync(null, null, cancellationToken);
        var services = new JsonArray();
        foreach (var guide in guides.OrderBy(g => g.ItemCode, StringComparer.Ordinal))
        {
            var office = await catalog.FindPointAsync(guide.OfficeCode, cancellationToken);
            services.Add(new JsonObject
            {
                ["service_code"] = guide.ItemCode,
                ["service_name"] = guide.ItemName,
                ["description"] = GuideDescription(guide),
                ["metadata"] = false,
                ["type"] = "realtime",
                ["keywords"] = string.Join(',', new[] { guide.IsImmediate ? T["即办件"].Value : T["承诺件"].Value, office?.Department }
                    .Where(k => !string.IsNullOrWhiteSpace(k))),
                ["group"] = office?.Name,
            });
        }

        return Render(services, "services", format);
    }

    [HttpGet("/open311/v2/services/{code}.{format}")]
    public async Task<IActionResult> ServiceDefinition(string code, string format, [FromQuery(Name = "jurisdiction_id")] string? jurisdictionId, CancellationToken cancellationToken)
    {
        if (await CheckAsync(format, jurisdictionId, cancellationToken) is { } error)
        {
            return error;
        }

        var guide = await catalog.FindGuideAsync(code, cancellationToken);
        if (guide is null)
        {
            return Error(format, StatusCodes.Status404NotFound, T["服务事项 {0} 不存在或未发布", code]);
        }

        // No extra attributes: a request needs only the common fields (description, contact, place).
        return Render(new JsonObject { ["service_code"] = guide.ItemCode, ["attributes"] = new JsonArray() }, "service_definition", format);
    }

    [HttpGet("/open311/v2/requests.{format}")]
    public async Task<IActionResult> Requests(
        string format,
        [FromQuery(Name = "jurisdiction_id")] string? jurisdictionId,
        [FromQuery(Name = "service_request_id")] string? serviceRequestIds,
        [FromQuery(Name = "service_code")] string? serviceCodes,
        [FromQuery(Name = "start_date")] string? startDate,
        [FromQuery(Name = "end_date")] string? endDate,
        [FromQuery(Name = "status")] string? status,
        CancellationToken cancellationToken)
    {
        if (await CheckAsync(format, jurisdictionId, cancellationToken) is { } error)
        {
            return error;
        }

        var query = reader.Requests;
        var receipts = SplitList(serviceRequestIds).Select(PublicRequestReader.NormalizeReceipt).OfType<string>().ToList();
        if (receipts.Count > 0)
        {
            // The spec: with service_request_id every other filter is ignored.
            query = query.Where(r => receipts.Contains(r.ReceiptCode));
        }
        else
        {
            if (!TryParseDate(startDate, out var start))
            {
                return Error(format, StatusCodes.Status400BadRequest, T["start_date 不是有效的 ISO 8601 时间"]);
            }

            if (!TryParseDate(endDate, out var end))
            {
                return Error(format, StatusCodes.Status400BadRequest, T["end_date 不是有效的 ISO 8601 时间"]);
            }

            // The spec: the most recent 90 days by default; one date alone opens a 90-day window from/to it.
            var now = clock.GetUtcNow().UtcDateTime;
            var (from, to) = (start, end) switch
            {
                ({ } s, { } e) => (s, e),
                ({ } s, null) => (s, s + DefaultWindow),
                (null, { } e) => (e - DefaultWindow, e),
                _ => (now - DefaultWindow, now),
            };
            if (from > to)
            {
                return Error(format, StatusCodes.Status400BadRequest, T["start_date 不能晚于 end_date"]);
            }

            if (to - from > DefaultWindow)
            {
                return Error(format, StatusCodes.Status400BadRequest, T["start_date 与 end_date 相隔不能超过 90 天"]);
            }

            query = query.Where(r => r.RegisteredUtc >= from && r.RegisteredUtc <= to);

            var codes = SplitList(serviceCodes);
            if (codes.Count > 0)
            {
                query = query.Where(r => codes.Contains(r.ItemCode));
            }

            var statuses = SplitList(status).Select(x => x.ToLowerInvariant()).Distinct().ToList();
            if (statuses.Any(x => x is not ("open" or "closed")))
            {
                return Error(format, StatusCodes.Status400BadRequest, T["status 只能是 open 或 closed"]);
            }

            if (statuses.Count == 1)
            {
                query = statuses[0] == "open"
                    ? query.Where(r => r.Stage != ServiceStage.Completed && r.Stage != ServiceStage.Closed)
                    : query.Where(r => r.Stage == ServiceStage.Completed || r.Stage == ServiceStage.Closed);
            }
        }

        var records = await query.OrderByDescending(r => r.RegisteredUtc).ThenBy(r => r.ReceiptCode).Take(MaxRequests).ToListAsync(cancellationToken);
        var views = await reader.ViewAsync(records, cancellationToken);
        return Render(new JsonArray(views.Select(v => (JsonNode)RequestJson(v)).ToArray()), "service_requests", format);
    }

    [HttpGet("/open311/v2/requests/{id}.{format}")]
    public async Task<IActionResult> RequestById(string id, string format, [FromQuery(Name = "jurisdiction_id")] string? jurisdictionId, CancellationToken cancellationToken)
    {
        if (await CheckAsync(format, jurisdictionId, cancellationToken) is { } error)
        {
            return error;
        }

        var record = await reader.FindByReceiptAsync(id, cancellationToken);
        if (record is null)
        {
            return Error(format, StatusCodes.Status404NotFound, T["诉求 {0} 不存在", id]);
        }

        var views = await reader.ViewAsync([record], cancellationToken);
        return Render(new JsonArray(RequestJson(views[0])), "service_requests", format);
    }

    /// <summary>Requests get their id at once, so a token is the receipt code itself.</summary>
    [HttpGet("/open311/v2/tokens/{token}.{format}")]
    public async Task<IActionResult> Token(string token, string format, [FromQuery(Name = "jurisdiction_id")] string? jurisdictionId, CancellationToken cancellationToken)
    {
        if (await CheckAsync(format, jurisdictionId, cancellationToken) is { } error)
        {
            return error;
        }

        var record = await reader.FindByReceiptAsync(token, cancellationToken);
        if (record is null)
        {
            return Error(format, StatusCodes.Status404NotFound, T["令牌 {0} 不存在", token]);
        }

        return Render(new JsonArray(new JsonObject { ["service_request_id"] = record.ReceiptCode, ["token"] = record.ReceiptCode }), "service_requests", format);
    }

    [HttpPost("/open311/v2/requests.{format}")]
    [IgnoreAntiforgeryToken]
    [EnableRateLimiting(SubmissionRateLimitPolicy.Name)]
    public async Task<IActionResult> Submit(string format, CancellationToken cancellationToken)
    {
        var form = Request.HasFormContentType ? await Request.ReadFormAsync(cancellationToken) : null;
        string? Value(string name)
        {
            var text = form is not null && form.TryGetValue(name, out var f) ? f.ToString() : Request.Query[name].ToString();
            return text.TrimToNull();
        }

        if (await CheckAsync(format, Value("jurisdiction_id"), cancellationToken) is { } error)
        {
            return error;
        }

        var requiredKey = configuration["ServiceRequests:Open311:ApiKey"];
        if (!string.IsNullOrEmpty(requiredKey) && !string.Equals(Value("api_key"), requiredKey, StringComparison.Ordinal))
        {
            return Error(format, StatusCodes.Status403Forbidden, T["api_key 无效"]);
        }

        var serviceCode = Value("service_code");
        if (serviceCode is null)
        {
            return Error(format, StatusCodes.Status400BadRequest, T["service_code 必填"]);
        }

        var guide = await catalog.FindGuideAsync(serviceCode, cancellationToken);
        if (guide is null)
        {
            return Error(format, StatusCodes.Status400BadRequest, T["服务事项 {0} 不存在或未发布", serviceCode]);
        }

        if (!TryParseCoordinate(Value("lat"), -90, 90, out var latitude))
        {
            return Error(format, StatusCodes.Status400BadRequest, T["lat 不是有效的纬度"]);
        }

        if (!TryParseCoordinate(Value("long"), -180, 180, out var longitude))
        {
            return Error(format, StatusCodes.Status400BadRequest, T["long 不是有效的经度"]);
        }

        if (latitude.HasValue != longitude.HasValue)
        {
            return Error(format, StatusCodes.Status400BadRequest, T["lat 和 long 须同时提供"]);
        }

        // address_id: the code of a town or village of the county (the requester's place).
        var addressId = Value("address_id");
        string? orgUnitCode = null;
        if (addressId is not null)
        {
            var unit = await orgUnits.GetAsync(addressId, cancellationToken);
            var county = await reader.CountyCodeAsync(cancellationToken);
            if (unit is null || unit.Level is not (OrgUnitLevel.Town or OrgUnitLevel.Village) || (county is not null && !unit.Path.Contains($"/{county}/", StringComparison.Ordinal)))
            {
                return Error(format, StatusCodes.Status400BadRequest, T["address_id 不是本县的镇（街道）或村（社区）代码"]);
            }

            orgUnitCode = unit.Code;
        }

        var addressString = Value("address_string");
        if (latitude is null && addressString is null && orgUnitCode is null)
        {
            return Error(format, StatusCodes.Status400BadRequest, T["须提供位置：lat/long、address_string 或 address_id"]);
        }

        var name = string.Concat(Value("last_name"), Value("first_name"));
        var result = await pipeline.RegisterAsync(null, new RegisterServiceRequest
        {
            ItemCode = guide.ItemCode,
            Channel = ServiceChannel.Online,
            RequesterName = name.Length == 0 ? null : name,
            RequesterPhone = Value("phone"),
            Email = Value("email"),
            Description = Value("description") ?? "",
            OrgUnitCode = orgUnitCode,
            Address = addressString,
            Latitude = latitude,
            Longitude = longitude,
        }, cancellationToken);

        if (!result.Succeeded)
        {
            var messages = result.FieldErrors is { Count: > 0 } fields ? string.Join("；", fields.Values) : result.Error ?? T["提交失败"].Value;
            return Error(format, StatusCodes.Status400BadRequest, messages);
        }

        // tracking_code (extension): the private secret that, with service_request_id, opens /service/track — only in this
        // answer, to the submitter. Not `token`: GeoReport's token is a public handle for GET tokens/{token} (decision 0011).
        var response = new JsonObject
        {
            ["service_request_id"] = result.Request!.ReceiptCode,
            ["service_notice"] = ServiceNotice(result.Request),
            ["tracking_code"] = result.TrackingSecret,
        };
        return Render(new JsonArray(response), "service_requests", format);
    }

    private JsonObject RequestJson(PublicRequestView view)
    {
        // The stage only: the missing materials and the result are for the requester (tracking with the secret).
        var r = view.Record;
        return new JsonObject
        {
            ["service_request_id"] = r.ReceiptCode,
            ["status"] = view.IsOpen ? "open" : "closed",
            ["status_notes"] = view.StageText,
            ["service_name"] = r.ItemName,
            ["service_code"] = r.ItemCode,
            ["agency_responsible"] = view.OfficeName,
            ["service_notice"] = ServiceNotice(r),
            ["requested_datetime"] = Open311Format.DateTime(r.RegisteredUtc),
            ["updated_datetime"] = Open311Format.DateTime(view.IsOpen ? view.UpdatedUtc : r.CompletedUtc ?? view.UpdatedUtc),
            ["expected_datetime"] = view.IsOpen ? ExpectedDateTime(r) : null,
            ["address"] = view.PlaceName,
            ["address_id"] = r.OrgUnitCode,
            ["lat"] = view.Latitude,
            ["long"] = view.Longitude,
        };
    }

    /// <summary>The deadline as the last second of its business day (the stored instant is the next day's 00:00 CST).</summary>
    private static string? ExpectedDateTime(ServiceRequestRecord request)
        => request.DueDate is { } due
            ? due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T23:59:59+08:00"
            : Open311Format.DateTime(request.DueUtc);

    private string ServiceNotice(ServiceRequestRecord request)
        => request.InitialClass == ServiceClass.Immediate || request.TimeLimitDays == 0
            ? T["即办件：材料齐全的当场办结"].Value
            : request.DueDate is { } due
                ? T["承诺件：{0} 个工作日内办结，截止 {1}", request.TimeLimitDays, due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)].Value
                : T["承诺件：{0} 个工作日内办结", request.TimeLimitDays].Value;

    private string GuideDescription(ServiceGuideInfo guide)
    {
        var limit = guide.IsImmediate ? T["即办件"].Value : T["承诺件，{0} 个工作日内办结", guide.TimeLimitDays].Value;
        var fees = string.IsNullOrWhiteSpace(guide.Fees) ? T["免费"].Value : guide.Fees;
        return T["{0}；收费：{1}；申请材料：{2}", limit, fees, guide.Materials.Count == 0 ? T["无"].Value : string.Join("、", guide.Materials)].Value;
    }

    /// <summary>The format and jurisdiction checks every endpoint makes; null when they pass.</summary>
    private async Task<IActionResult?> CheckAsync(string format, string? jurisdictionId, CancellationToken cancellationToken)
    {
        if (Open311Format.Normalize(format) is null)
        {
            return Error(Open311Format.Json, StatusCodes.Status400BadRequest, T["不支持的格式 {0}：只支持 json 和 xml", format]);
        }

        if (!string.IsNullOrWhiteSpace(jurisdictionId))
        {
            var county = await reader.CountyCodeAsync(cancellationToken);
            if (!string.Equals(jurisdictionId.Trim(), county, StringComparison.Ordinal))
            {
                return Error(format, StatusCodes.Status404NotFound, T["jurisdiction_id {0} 不是本平台的行政区划代码", jurisdictionId]);
            }
        }

        return null;
    }

    private ContentResult Render(JsonNode body, string root, string format)
    {
        var (text, contentType) = Open311Format.Render(body, root, Open311Format.Normalize(format) ?? Open311Format.Json);
        return Content(text, contentType);
    }

    private ContentResult Error(string format, int status, string description)
    {
        var result = Render(Open311Format.Errors(status, description), "errors", format);
        result.StatusCode = status;
        return result;
    }

    private static List<string> SplitList(string? value)
        => string.IsNullOrWhiteSpace(value)
            ? []
            : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static bool TryParseDate(string? text, out DateTime? utc)
    {
        utc = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        // A value without an offset is China Standard Time, the jurisdiction's own.
        if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            return false;
        }

        var hasOffset = text.Contains('Z', StringComparison.OrdinalIgnoreCase) || System.Text.RegularExpressions.Regex.IsMatch(text, @"[+-]\d{2}:?\d{2}$");
        utc = hasOffset
            ? parsed.UtcDateTime
            : Localization.BusinessTime.ToUtc(parsed.DateTime);
        return true;
    }

    private static bool TryParseCoordinate(string? text, double min, double max, out double? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            value = number;
            return true;
        }

        return false;
    }
}
