using System.Text.Json.Nodes;
using Grassroots.Calendar;
using Grassroots.Data;
using Grassroots.Recipes;
using Microsoft.EntityFrameworkCore;

namespace Grassroots.Calendar.Recipes;

/// <summary>
/// <c>{"name":"calendar","source":"../data/cn-holidays.csv"}</c> (columns <c>date,kind,name</c>; kind <c>holiday</c> or
/// <c>workday</c>) and/or <c>"days":[{"date":"2027-01-01","kind":"holiday","name":"元旦"}]</c>.
/// Upserts by date (entries of other dates are kept), so running it twice changes nothing.
/// </summary>
internal sealed class CalendarStep(IDbContextAccessor dbAccessor, BusinessCalendar calendar) : IRecipeStepHandler
{
    private DbContext db => dbAccessor.DbContext;

    public string Name => "calendar";

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        var rows = new List<(CalendarDay Day, string Path)>();
        if (context.Optional("source") is not null)
        {
            var file = RecipeFiles.Resolve(context, "source");
            var relative = context.Optional("source")!.GetValue<string>();

            var lines = await File.ReadAllLinesAsync(file, context.CancellationToken);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim().TrimStart('\uFEFF');
                if (line.Length == 0 || line.StartsWith('#') || (i == 0 && line.StartsWith("date", StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                var where = $"source（{relative} 第 {i + 1} 行）";
                var error = CalendarDayText.TryParseLine(line, out var day);
                if (error is not null)
                {
                    throw new RecipeStepException(where, error);
                }

                rows.Add((day!, where));
            }
        }

        if (context.Optional("days") is JsonNode daysNode)
        {
            var days = daysNode as JsonArray ?? throw new RecipeStepException("days", "必须是 JSON 数组");
            for (var i = 0; i < days.Count; i++)
            {
                var path = $"days[{i}]";
                var item = days[i] as JsonObject ?? throw new RecipeStepException(path, "必须是 JSON 对象");
                var dateText = Text(item, "date", path);
                if (!CalendarDayText.TryParseDate(dateText, out var date))
                {
                    throw new RecipeStepException(path + ".date", $"日期「{dateText}」无效（应为 yyyy-MM-dd）");
                }

                var kindText = Text(item, "kind", path);
                if (!CalendarDayText.TryParseKind(kindText, out var kind))
                {
                    throw new RecipeStepException(path + ".kind", $"类型「{kindText}」无效（应为 holiday 或 workday）");
                }

                var name = Text(item, "name", path).Trim();
                if (name.Length is 0 or > CalendarDayText.MaxNameLength)
                {
                    throw new RecipeStepException(path + ".name", $"名称不能为空且不能超过 {CalendarDayText.MaxNameLength} 个字");
                }

                rows.Add((new CalendarDay(date, kind, name), path));
            }
        }

        if (context.Optional("source") is null && context.Optional("days") is null)
        {
            throw new RecipeStepException("source", "需要 source（CSV 文件）或 days（日期数组）");
        }

        var seen = new Dictionary<DateOnly, string>();
        foreach (var (day, path) in rows)
        {
            if (seen.TryGetValue(day.Date, out var earlier))
            {
                throw new RecipeStepException(path, $"日期 {BusinessCalendar.Format(day.Date)} 重复（已在 {earlier} 出现）");
            }

            seen[day.Date] = path;
        }

        var keys = rows.Select(r => BusinessCalendar.Format(r.Day.Date)).ToList();
        var existing = await db.Set<CalendarDayRecord>().Where(r => keys.Contains(r.Date)).ToDictionaryAsync(r => r.Date, context.CancellationToken);
        foreach (var (day, _) in rows)
        {
            calendar.Apply(existing.GetValueOrDefault(BusinessCalendar.Format(day.Date)), day);
        }

        await db.SaveChangesAsync(context.CancellationToken);
        calendar.Invalidate();
    }

    private static string Text(JsonObject item, string property, string path)
        => item[property] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new RecipeStepException($"{path}.{property}", $"缺少 {property}（字符串）");
}
