using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Grassroots.Tests.Recipes;

/// <summary>`dotnet Grassroots.Web.dll recipe &lt;file&gt;` runs a recipe against the configured database and exits.</summary>
public sealed class RecipeCommandLineTests
{
    [Fact]
    public async Task Command_line_runs_a_recipe_and_reports_a_failing_step()
    {
        var data = Path.Combine(Path.GetTempPath(), "grassroots-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            var good = Path.Combine(data, "good.recipe.json");
            await File.WriteAllTextAsync(good, """
                { "name": "cli-good", "steps": [
                  { "name": "orgUnits", "units": [ { "code": "37072500103609", "name": "恒盛社区第九网格", "level": "grid", "parentCode": "370725001036" } ] }
                ] }
                """);
            var bad = Path.Combine(data, "bad.recipe.json");
            await File.WriteAllTextAsync(bad, """
                { "name": "cli-bad", "steps": [
                  { "name": "settings", "Motto": "为民服务" },
                  { "name": "settings", "Other": 1 },
                  { "name": "orgUnits", "units": [ { "code": "X1", "name": "坏数据", "level": "planet" } ] }
                ] }
                """);

            var (exit, output) = await RunAsync(data, good);
            Assert.True(exit == 0, output);
            Assert.Contains("配方 cli-good 完成", output);
            Assert.Equal(1L, Scalar(data, "SELECT COUNT(*) FROM OrgUnits WHERE Code = '37072500103609'"));

            (exit, output) = await RunAsync(data, bad);
            Assert.Equal(1, exit);
            Assert.Contains("第 3 步（orgUnits）", output);
            Assert.Contains("$.steps[2].units[0].level", output);
            Assert.Equal(0L, Scalar(data, "SELECT COUNT(*) FROM OrgUnits WHERE Code = 'X1'"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static long Scalar(string data, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "grassroots.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string data, string recipe)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "Grassroots.Web.dll"), "recipe", recipe,
                     $"--Grassroots:DataPath={data}", "--Setup:AdminPassword=Cli-Test-Pass-2026", "--Logging:LogLevel:Default=Warning",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
