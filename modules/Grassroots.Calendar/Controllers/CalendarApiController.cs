using System.Globalization;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Grassroots.Calendar.Controllers;

/// <summary>The business calendar (工作日历): working-day arithmetic and the yearly holiday schedule.</summary>
[ApiController]
[Authorize]
[Route("api/calendar")]
[Tags("Calendar")]
public sealed class CalendarApiController(
    IBusinessCalendar calendar,
    IAuditTrail audit,
    IAuthorizationService authorization,
    IStringLocalizer<CalendarApiController> T) : ControllerBase
{
    /// <summary>
    /// The <c>days</c>-th working day after <c>from</c> (<c>from</c> itself is not counted; negative counts backwards),
    /// with the days off passed over.
    /// </summary>
    [HttpGet("add-working-days")]
    [ProducesResponseType<AddWorkingDaysDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> AddWorkingDays([FromQuery] string? from, [FromQuery] string? days, CancellationToken cancellationToken)
    {
        var errors = new ModelStateDictionary();
        var start = default(DateOnly);
        if (string.IsNullOrWhiteSpace(from))
        {
            errors.AddModelError("from", T["起始日期（from）不能为空，格式为 yyyy-MM-dd"]);
        }
        else if (!CalendarDayText.TryParseDate(from, out start))
        {
            errors.AddModelError("from", T["起始日期（from）「{0}」无效，格式为 yyyy-MM-dd", from]);
        }

        if (!int.TryParse(days, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n is > CalendarHelpers.MaxDays or < -CalendarHelpers.MaxDays)
        {
            errors.AddModelError("days", T["工作日数（days）必须是 -{0} 到 {0} 之间的整数", CalendarHelpers.MaxDays]);
        }

        if (!errors.IsValid)
        {
            return ValidationProblem(title: T["请求参数无效"], modelStateDictionary: errors);
        }

        var result = await calendar.AddWorkingDaysAsync(start, n, cancellationToken);
        var skipped = await CalendarHelpers.SkippedAsync(calendar, start, result, cancellationToken);
        var uncovered = await CalendarHelpers.UncoveredYearsAsync(calendar, start, result, cancellationToken);
        var warning = uncovered.Count > 0 ? T["{0} 年的节假日安排尚未录入，按周一至周五计算", string.Join("、", uncovered)].Value : null;
        return Ok(new AddWorkingDaysDto(CalendarDayDto.Format(start), n, CalendarDayDto.Format(result), skipped, warning));
    }

    /// <summary>The entries of one year.</summary>
    [HttpGet("{year:int}")]
    [ProducesResponseType<CalendarYearDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> GetYear(int year, CancellationToken cancellationToken)
    {
        if (year is < 1900 or > 2200)
        {
            return Problem(title: T["年份 {0} 无效", year], statusCode: StatusCodes.Status400BadRequest);
        }

        var days = await calendar.GetYearAsync(year, cancellationToken);
        return Ok(new CalendarYearDto(year, days.Count > 0, days.Select(CalendarDayDto.From).ToList()));
    }

    /// <summary>Replaces all entries of one year (requires 管理站点设置). An empty list clears the year.</summary>
    [HttpPut("{year:int}")]
    [ProducesResponseType<CalendarYearDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> PutYear(int year, [FromBody] CalendarYearInput? input, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ManageSettings))
        {
            return Forbid();
        }

        if (year is < 1900 or > 2200)
        {
            return Problem(title: T["年份 {0} 无效", year], statusCode: StatusCodes.Status400BadRequest);
        }

        var errors = new ModelStateDictionary();
        var parsed = new List<CalendarDay>();
        if (input?.Days is null)
        {
            errors.AddModelError("days", T["缺少 days（日期数组）"]);
        }
        else
        {
            var seen = new HashSet<DateOnly>();
            for (var i = 0; i < input.Days.Count; i++)
            {
                var d = input.Days[i];
                var path = $"days[{i}]";
                var ok = true;
                if (!CalendarDayText.TryParseDate(d?.Date, out var date))
                {
                    errors.AddModelError(path + ".date", T["日期「{0}」无效，格式为 yyyy-MM-dd", d?.Date ?? ""]);
                    ok = false;
                }
                else if (date.Year != year)
                {
                    errors.AddModelError(path + ".date", T["日期 {0} 不属于 {1} 年", d!.Date!, year]);
                    ok = false;
                }
                else if (!seen.Add(date))
                {
                    errors.AddModelError(path + ".date", T["日期 {0} 重复", d!.Date!]);
                    ok = false;
                }

                if (!CalendarDayText.TryParseKind(d?.Kind, out var kind))
                {
                    errors.AddModelError(path + ".kind", T["类型「{0}」无效，应为 holiday 或 workday", d?.Kind ?? ""]);
                    ok = false;
                }

                var name = d?.Name?.Trim() ?? "";
                if (name.Length is 0 or > CalendarDayText.MaxNameLength)
                {
                    errors.AddModelError(path + ".name", T["名称不能为空且不能超过 {0} 个字", CalendarDayText.MaxNameLength]);
                    ok = false;
                }

                if (ok)
                {
                    parsed.Add(new CalendarDay(date, kind, name));
                }
            }
        }

        if (!errors.IsValid)
        {
            return ValidationProblem(title: T["节假日安排有误"], modelStateDictionary: errors);
        }

        var before = await calendar.GetYearAsync(year, cancellationToken);
        await calendar.ReplaceYearAsync(year, parsed, cancellationToken);
        await audit.RecordAsync(new AuditEvent
        {
            Category = "calendar",
            Action = "calendar.year.replaced",
            Summary = $"替换 {year} 年节假日安排：{before.Count} 条 → {parsed.Count} 条",
            Data = new JsonObject { ["year"] = year, ["before"] = before.Count, ["after"] = parsed.Count, ["channel"] = "api" },
        }, cancellationToken);
        var days = await calendar.GetYearAsync(year, cancellationToken);
        return Ok(new CalendarYearDto(year, days.Count > 0, days.Select(CalendarDayDto.From).ToList()));
    }
}
