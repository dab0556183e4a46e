using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.Calendar;
using Grassroots.Data;
using Grassroots.Recipes;
using Grassroots.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Calendar;

public sealed class CalendarTests
{
    private static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd");

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task National_day_2025_and_spring_festival_2026_follow_the_seeded_schedule(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await using var scope = factory.Services.CreateAsyncScope();
        var calendar = scope.ServiceProvider.GetRequiredService<IBusinessCalendar>();

        // cn-holidays.csv: 2025-09-28 (Sun) workday, 2025-10-01..08 holiday 国庆节、中秋节, 2025-10-11 (Sat) workday.
        // From Tue 2025-09-30 (not counted): 10-01..08 off; 10-09 Thu = 1, 10-10 Fri = 2, 10-11 Sat (调休) = 3,
        // 10-12 Sun off, 10-13 Mon = 4, 10-14 Tue = 5.
        Assert.Equal(D("2025-10-14"), await calendar.AddWorkingDaysAsync(D("2025-09-30"), 5));
        Assert.True(await calendar.IsWorkingDayAsync(D("2025-09-28")));   // adjusted working Sunday
        Assert.True(await calendar.IsWorkingDayAsync(D("2025-10-11")));   // adjusted working Saturday
        Assert.False(await calendar.IsWorkingDayAsync(D("2025-10-06")));  // Monday inside the holiday
        // From Fri 2025-09-26: Sat 09-27 off, Sun 09-28 (调休) = 1, Mon 09-29 = 2, Tue 09-30 = 3, then 10-09 = 4.
        Assert.Equal(D("2025-10-09"), await calendar.AddWorkingDaysAsync(D("2025-09-26"), 4));
        // Backwards: 3 working days before 2025-10-09 are 09-30, 09-29, 09-28 (Sun, 调休).
        Assert.Equal(D("2025-09-28"), await calendar.AddWorkingDaysAsync(D("2025-10-09"), -3));
        // (2025-09-30, 2025-10-14]: 10-09, 10-10, 10-11, 10-13, 10-14.
        Assert.Equal(5, await calendar.CountWorkingDaysAsync(D("2025-09-30"), D("2025-10-14")));

        // 2026 春节: 2026-02-14 (Sat) workday, 02-15..02-23 holiday, 02-28 (Sat) workday.
        // From Fri 2026-02-13: Sat 02-14 (调休) = 1, 02-15..23 off, Tue 02-24 = 2, 02-25 = 3, 02-26 = 4, 02-27 = 5, Sat 02-28 (调休) = 6.
        Assert.Equal(D("2026-02-14"), await calendar.AddWorkingDaysAsync(D("2026-02-13"), 1));
        Assert.Equal(D("2026-02-24"), await calendar.AddWorkingDaysAsync(D("2026-02-13"), 2));
        Assert.Equal(D("2026-02-28"), await calendar.AddWorkingDaysAsync(D("2026-02-13"), 6));
        Assert.Equal(6, await calendar.CountWorkingDaysAsync(D("2026-02-13"), D("2026-02-28")));
        Assert.False(await calendar.IsWorkingDayAsync(D("2026-02-16")));

        // A weekend that is not listed is a day off: Sat 2025-03-15 and Sun 2025-03-16; Fri 03-14 + 1 → Mon 03-17.
        Assert.False(await calendar.IsWorkingDayAsync(D("2025-03-15")));
        Assert.False(await calendar.IsWorkingDayAsync(D("2025-03-16")));
        Assert.True(await calendar.IsWorkingDayAsync(D("2025-03-14")));
        Assert.Equal(D("2025-03-17"), await calendar.AddWorkingDaysAsync(D("2025-03-14"), 1));
        Assert.Equal(D("2025-03-14"), await calendar.AddWorkingDaysAsync(D("2025-03-14"), 0));

        var coverage = await calendar.GetCoverageAsync();
        Assert.Contains(2025, coverage);
        Assert.Contains(2026, coverage);
        Assert.DoesNotContain(2027, coverage);
        Assert.Equal(9, (await calendar.GetYearAsync(2026)).Count(d => d.Name == "春节" && d.Kind == CalendarDayKind.Holiday));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Api_computes_working_days_and_rejects_bad_input_in_chinese(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = await factory.CreateApiClientAsync();

        var json = await client.GetFromJsonAsync<JsonObject>("/api/calendar/add-working-days?from=2025-09-30&days=5");
        Assert.Equal("2025-09-30", (string?)json!["from"]);
        Assert.Equal(5, (int)json["days"]!);
        Assert.Equal("2025-10-14", (string?)json["result"]);
        var skipped = json["skipped"]!.AsArray().Select(s => (string?)s!["date"]).ToList();
        // 10-01..08 (holiday) and Sun 10-12 (weekend) are passed over.
        Assert.Equal(["2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08", "2025-10-12"], skipped);
        Assert.Equal("国庆节、中秋节", (string?)json["skipped"]![0]!["name"]);
        Assert.Equal("holiday", (string?)json["skipped"]![0]!["kind"]);
        Assert.Equal("weekend", (string?)json["skipped"]![8]!["kind"]);

        var bad = await client.GetAsync("/api/calendar/add-working-days?from=2025-13-01&days=5");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("2025-13-01", problem!["errors"]!["from"]![0]!.GetValue<string>());
        Assert.Contains("起始日期", problem["errors"]!["from"]![0]!.GetValue<string>());

        var tooMany = await client.GetAsync("/api/calendar/add-working-days?from=2025-01-01&days=4000");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("工作日数", (await tooMany.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["days"]![0]!.GetValue<string>());

        var year = await client.GetFromJsonAsync<JsonObject>("/api/calendar/2025");
        Assert.True((bool)year!["covered"]!);
        Assert.Contains(year["days"]!.AsArray(), d => (string?)d!["date"] == "2025-10-11" && (string?)d["kind"] == "workday");

        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/calendar/add-working-days?from=2025-09-30&days=5")).StatusCode);
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Putting_a_new_year_changes_the_arithmetic_at_once_and_is_audited(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = await factory.CreateApiClientAsync();

        // 2027 not entered yet: Thu 2026-12-31 + 1 → Fri 2027-01-01, with a warning.
        var before = await client.GetFromJsonAsync<JsonObject>("/api/calendar/add-working-days?from=2026-12-31&days=1");
        Assert.Equal("2027-01-01", (string?)before!["result"]);
        Assert.Contains("2027 年的节假日安排尚未录入", (string?)before["warning"]);

        var put = await client.PutAsJsonAsync("/api/calendar/2027", new
        {
            days = new[]
            {
                new { date = "2027-01-01", kind = "holiday", name = "元旦" },
                new { date = "2027-01-02", kind = "workday", name = "元旦调休上班" },
            },
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        // Now: Fri 2027-01-01 off, Sat 2027-01-02 (调休) = 1; + 2 → Mon 2027-01-04.
        var after = await client.GetFromJsonAsync<JsonObject>("/api/calendar/add-working-days?from=2026-12-31&days=1");
        Assert.Equal("2027-01-02", (string?)after!["result"]);
        Assert.Null(after["warning"]);
        Assert.Equal("2027-01-04", (string?)(await client.GetFromJsonAsync<JsonObject>("/api/calendar/add-working-days?from=2026-12-31&days=2"))!["result"]);
        var year = await client.GetFromJsonAsync<JsonObject>("/api/calendar/2027");
        Assert.Equal(2, year!["days"]!.AsArray().Count);

        var invalid = await client.PutAsJsonAsync("/api/calendar/2027", new { days = new[] { new { date = "2028-01-01", kind = "rest", name = "" } } });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Contains("不属于 2027 年", errors["days[0].date"]![0]!.GetValue<string>());
        Assert.True(errors.ContainsKey("days[0].kind"));
        Assert.True(errors.ContainsKey("days[0].name"));
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonObject>("/api/calendar/2027"))!["days"]!.AsArray().Count);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GrassrootsDbContext>();
        Assert.Equal(1, await db.Set<AuditEntryRecord>().CountAsync(e => e.Action == "calendar.year.replaced"));
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Calendar_recipe_step_twice_creates_nothing_twice(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        var seedsRecipes = Path.Combine(AppContext.BaseDirectory, "seeds", "recipes");
        var recipe = """
            {"name":"calendar-test","steps":[
              {"name":"calendar","source":"../data/cn-holidays.csv"},
              {"name":"calendar","days":[{"date":"2027-10-01","kind":"holiday","name":"国庆节"}]}
            ]}
            """;
        int count1, count2;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GrassrootsDbContext>();
            var seeded = await db.Set<CalendarDayRecord>().CountAsync();
            Assert.Equal(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "seeds", "data", "cn-holidays.csv")).Count(l => l.Trim().Length > 0) - 1, seeded);
            await scope.ServiceProvider.GetRequiredService<IRecipeExecutor>().ExecuteAsync("t.recipe.json", Encoding.UTF8.GetBytes(recipe), seedsRecipes, "test");
            count1 = await db.Set<CalendarDayRecord>().CountAsync();
            Assert.Equal(seeded + 1, count1);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IRecipeExecutor>().ExecuteAsync("t.recipe.json", Encoding.UTF8.GetBytes(recipe), seedsRecipes, "test");
            var db = scope.ServiceProvider.GetRequiredService<GrassrootsDbContext>();
            count2 = await db.Set<CalendarDayRecord>().CountAsync();
            Assert.False(await scope.ServiceProvider.GetRequiredService<IBusinessCalendar>().IsWorkingDayAsync(D("2027-10-01")));
        }

        Assert.Equal(count1, count2);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var bad = """{"name":"bad","steps":[{"name":"calendar","days":[{"date":"2027-02-30","kind":"holiday","name":"x"}]}]}""";
            var ex = await Assert.ThrowsAsync<RecipeException>(() => scope.ServiceProvider.GetRequiredService<IRecipeExecutor>()
                .ExecuteAsync("bad.recipe.json", Encoding.UTF8.GetBytes(bad), seedsRecipes, "test"));
            Assert.Contains("days[0].date", ex.Message);
            Assert.Contains("2027-02-30", ex.Message);
        }
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Dashboard_renders_imports_a_year_and_reports_bad_lines(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var client = factory.CreateBrowserlikeClient();
        await GrassrootsFactory.SignInAsync(client);

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/calendar?year=2025"));
        Assert.Contains("工作日历", page);
        Assert.Contains("data-date=\"2025-10-01\" data-kind=\"holiday\"", page);
        Assert.Contains("data-date=\"2025-10-11\" data-kind=\"workday\"", page);
        Assert.Contains("data-date=\"2025-03-15\" data-kind=\"weekend\"", page);
        Assert.Contains("国庆节、中秋节", page);
        Assert.Contains("/admin/calendar", page); // menu entry
        Assert.DoesNotContain("<script>", page);

        var calc = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/calendar?year=2025&from=2025-09-30&n=5"));
        Assert.Contains("2025-10-14", calc);

        var empty = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/calendar?year=2027"));
        Assert.Contains("2027 年的节假日安排尚未录入", empty);

        var badImport = await client.PostAsync("/admin/calendar/import", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = GrassrootsFactory.AntiforgeryToken(empty),
            ["year"] = "2027",
            ["text"] = "2027-01-01,holiday,元旦\n2027-13-01,holiday,错\n2027-01-02,rest,元旦",
        }));
        Assert.Equal(HttpStatusCode.OK, badImport.StatusCode);
        var badHtml = WebUtility.HtmlDecode(await badImport.Content.ReadAsStringAsync());
        Assert.Contains("第 2 行", badHtml);
        Assert.Contains("第 3 行", badHtml);
        Assert.Contains("2027-13-01,holiday,错", badHtml); // what the user typed is kept

        var import = await client.PostAsync("/admin/calendar/import", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = GrassrootsFactory.AntiforgeryToken(empty),
            ["year"] = "2027",
            ["text"] = "2027-01-01,holiday,元旦\n2027-01-02,workday,元旦调休上班",
        }));
        Assert.Equal(HttpStatusCode.Redirect, import.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var calendar = scope.ServiceProvider.GetRequiredService<IBusinessCalendar>();
        Assert.Equal(2, (await calendar.GetYearAsync(2027)).Count);
        Assert.True(await calendar.IsWorkingDayAsync(D("2027-01-02")));
    }
}
