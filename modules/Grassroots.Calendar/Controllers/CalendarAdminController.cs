using System.Globalization;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Grassroots.Calendar.Controllers;

/// <summary>The 工作日历 dashboard screen: month grid, entries, paste import and a working-day calculator.</summary>
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class CalendarAdminController(
    IBusinessCalendar calendar,
    IAuditTrail audit,
    IAuthorizationService authorization,
    TimeProvider clock,
    IStringLocalizer<CalendarAdminController> T) : Controller
{
    [HttpGet("/admin/calendar")]
    public async Task<IActionResult> Index(int? year, string? from, string? n, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ManageSettings))
        {
            return Forbid();
        }

        var model = await BuildAsync(year, cancellationToken);
        model.CalcFrom = from ?? "";
        model.CalcDays = n ?? "";
        if (!string.IsNullOrWhiteSpace(from) || !string.IsNullOrWhiteSpace(n))
        {
            if (!CalendarDayText.TryParseDate(from, out var start))
            {
                model.CalcError = T["起始日期「{0}」无效，格式为 yyyy-MM-dd", from ?? ""];
            }
            else if (!int.TryParse(n, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var days) || days is > CalendarHelpers.MaxDays or < -CalendarHelpers.MaxDays)
            {
                model.CalcError = T["工作日数必须是 -{0} 到 {0} 之间的整数", CalendarHelpers.MaxDays];
            }
            else
            {
                var result = await calendar.AddWorkingDaysAsync(start, days, cancellationToken);
                model.CalcResult = CalendarDayDto.Format(result);
                model.CalcSkipped = await CalendarHelpers.SkippedAsync(calendar, start, result, cancellationToken);
                var uncovered = await CalendarHelpers.UncoveredYearsAsync(calendar, start, result, cancellationToken);
                if (uncovered.Count > 0)
                {
                    model.CalcWarning = T["{0} 年的节假日安排尚未录入，按周一至周五计算", string.Join("、", uncovered)];
                }
            }
        }

        return View(model);
    }

    [HttpPost("/admin/calendar/day")]
    public async Task<IActionResult> AddDay(int year, string? date, string? kind, string? name, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ManageSettings))
        {
            return Forbid();
        }

        var error = CalendarDayText.TryParseLine($"{date},{kind},{name}", out var day);
        if (error is null && day!.Date.Year != year)
        {
            error = T["日期 {0} 不属于 {1} 年", date ?? "", year];
        }

        if (error is not null)
        {
            var model = await BuildAsync(year, cancellationToken);
            model.NewDate = date ?? "";
            model.NewKind = kind ?? "holiday";
            model.NewName = name ?? "";
            model.AddError = T[error];
            return View("Index", model);
        }

        await calendar.SetDayAsync(day!, cancellationToken);
        await RecordAsync("calendar.day.set", $"设置 {date}：{CalendarDayText.KindText(day!.Kind)} {day.Name}", year, cancellationToken);
        TempData["Success"] = T["已保存 {0}", CalendarDayDto.Format(day.Date)].Value;
        return Redirect($"/admin/calendar?year={year}");
    }

    [HttpPost("/admin/calendar/remove")]
    public async Task<IActionResult> RemoveDay(int year, string? date, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ManageSettings))
        {
            return Forbid();
        }

        if (CalendarDayText.TryParseDate(date, out var d) && await calendar.RemoveDayAsync(d, cancellationToken))
        {
            await RecordAsync("calendar.day.removed", $"删除 {date}", year, cancellationToken);
            TempData["Success"] = T["已删除 {0}", date ?? ""].Value;
        }
        else
        {
            TempData["Error"] = T["日期 {0} 没有安排", date ?? ""].Value;
        }

        return Redirect($"/admin/calendar?year={year}");
    }

    [HttpPost("/admin/calendar/import")]
    public async Task<IActionResult> Import(int year, string? text, CancellationToken cancellationToken)
    {
        if (!await authorization.AuthorizeAsync(User, StandardPermissions.ManageSettings))
        {
            return Forbid();
        }

        var errors = new List<string>();
        var days = new List<CalendarDay>();
        var seen = new HashSet<DateOnly>();
        var lines = (text ?? "").Replace("\r", "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("date", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var error = CalendarDayText.TryParseLine(line, out var day);
            if (error is not null)
            {
                errors.Add(T["第 {0} 行：{1}", i + 1, T[error]]);
            }
            else if (day!.Date.Year != year)
            {
                errors.Add(T["第 {0} 行：日期 {1} 不属于 {2} 年", i + 1, CalendarDayDto.Format(day.Date), year]);
            }
            else if (!seen.Add(day.Date))
            {
                errors.Add(T["第 {0} 行：日期 {1} 重复", i + 1, CalendarDayDto.Format(day.Date)]);
            }
            else
            {
                days.Add(day);
            }
        }

        if (days.Count == 0 && errors.Count == 0)
        {
            errors.Add(T["请粘贴至少一行「日期,类型,名称」"]);
        }

        if (errors.Count > 0)
        {
            var model = await BuildAsync(year, cancellationToken);
            model.ImportText = text ?? "";
            model.ImportErrors = errors;
            return View("Index", model);
        }

        var before = await calendar.GetYearAsync(year, cancellationToken);
        await calendar.ReplaceYearAsync(year, days, cancellationToken);
        await RecordAsync("calendar.year.replaced", $"替换 {year} 年节假日安排：{before.Count} 条 → {days.Count} 条", year, cancellationToken);
        TempData["Success"] = T["已导入 {0} 年的 {1} 条安排", year, days.Count].Value;
        return Redirect($"/admin/calendar?year={year}");
    }

    private Task RecordAsync(string action, string summary, int year, CancellationToken cancellationToken)
        => audit.RecordAsync(new AuditEvent
        {
            Category = "calendar",
            Action = action,
            Summary = summary,
            Data = new JsonObject { ["year"] = year, ["channel"] = "dashboard" },
        }, cancellationToken);

    private async Task<CalendarIndexViewModel> BuildAsync(int? year, CancellationToken cancellationToken)
    {
        var today = Localization.BusinessTime.Today(clock);
        var y = year is >= 1900 and <= 2200 ? year.Value : today.Year;
        var entries = await calendar.GetYearAsync(y, cancellationToken);
        return new CalendarIndexViewModel
        {
            Year = y,
            Today = today,
            Entries = entries,
            ByDate = entries.ToDictionary(e => e.Date),
            Coverage = await calendar.GetCoverageAsync(cancellationToken),
        };
    }
}

public sealed class CalendarIndexViewModel
{
    public int Year { get; set; }
    public DateOnly Today { get; set; }
    public IReadOnlyList<CalendarDay> Entries { get; set; } = [];
    public Dictionary<DateOnly, CalendarDay> ByDate { get; set; } = [];
    public IReadOnlyList<int> Coverage { get; set; } = [];
    public string NewDate { get; set; } = "";
    public string NewKind { get; set; } = "holiday";
    public string NewName { get; set; } = "";
    public string? AddError { get; set; }
    public string ImportText { get; set; } = "";
    public IReadOnlyList<string> ImportErrors { get; set; } = [];
    public string CalcFrom { get; set; } = "";
    public string CalcDays { get; set; } = "";
    public string? CalcResult { get; set; }
    public string? CalcError { get; set; }
    public string? CalcWarning { get; set; }
    public IReadOnlyList<CalendarDayDto> CalcSkipped { get; set; } = [];
}
