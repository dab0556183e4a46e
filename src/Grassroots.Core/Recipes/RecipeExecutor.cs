using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.Data;
using Grassroots.Modules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grassroots.Recipes;

/// <summary>
/// Runs a recipe's steps in order, each in its own transaction. A failing step is rolled back whole and stops the
/// recipe with its file, number, name and JSON path; the steps before it stay applied.
/// </summary>
internal sealed partial class RecipeExecutor(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RecipeExecutor> logger) : IRecipeExecutor
{
    /// <summary>Runs a recipe file; <paramref name="onProgress"/> hears about each step.</summary>
    public async Task<RecipeResult> ExecuteFileAsync(string path, string? runBy, Action<string>? onProgress = null, CancellationToken cancellationToken = default)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        return await ExecuteAsync(Path.GetFileName(path), bytes, Path.GetDirectoryName(Path.GetFullPath(path)), runBy, onProgress, cancellationToken);
    }

    /// <param name="fileName">Name used in messages.</param>
    /// <param name="content">The recipe JSON (UTF-8).</param>
    /// <param name="baseDirectory">Folder against which steps resolve relative file paths.</param>
    /// <param name="runBy">User name for the run record.</param>
    /// <param name="onProgress">Progress messages.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public async Task<RecipeResult> ExecuteAsync(string fileName, byte[] content, string? baseDirectory, string? runBy,
        Action<string>? onProgress = null, CancellationToken cancellationToken = default)
    {
        var started = clock.GetUtcNow().UtcDateTime;
        JsonObject recipe;
        try
        {
            recipe = JsonNode.Parse(content, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }) as JsonObject
                ?? throw new RecipeException(fileName, 0, "", "$", "配方必须是一个 JSON 对象");
        }
        catch (JsonException ex)
        {
            throw new RecipeException(fileName, 0, "", $"$（第 {(ex.LineNumber ?? 0) + 1} 行）", $"JSON 格式错误：{ex.Message}", ex);
        }

        var recipeName = recipe["name"]?.GetValue<string>() ?? Path.GetFileNameWithoutExtension(fileName);
        if (recipe["steps"] is not JsonArray steps)
        {
            throw new RecipeException(fileName, 0, "", "$.steps", "缺少 steps 数组");
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var executed = 0;
        RecipeException? failure = null;
        for (var i = 0; i < steps.Count; i++)
        {
            var number = i + 1;
            if (steps[i] is not JsonObject step)
            {
                failure = new RecipeException(fileName, number, "", $"$.steps[{i}]", "步骤必须是一个 JSON 对象");
                break;
            }

            var name = step["name"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
            onProgress?.Invoke($"[{number}/{steps.Count}] {name}");
            failure = await ExecuteStepAsync(fileName, recipeName, number, name, step, baseDirectory, cancellationToken);
            if (failure is not null)
            {
                break;
            }

            executed++;
        }

        await RecordAsync(recipeName, fileName, sha, failure, runBy, started, cancellationToken);
        await AuditAsync(recipeName, fileName, sha, steps.Count, executed, failure, runBy);
        if (failure is not null)
        {
            LogRecipeFailed(logger, failure.Message);
            throw failure;
        }

        LogRecipeDone(logger, recipeName, fileName, executed);
        return new RecipeResult(recipeName, executed);
    }

    private async Task<RecipeException?> ExecuteStepAsync(string fileName, string recipeName, int number, string name, JsonObject step,
        string? baseDirectory, CancellationToken cancellationToken)
    {
        var path = $"$.steps[{number - 1}]";
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var handler = services.GetRequiredService<IEnabledServices<IRecipeStepHandler>>().All
            .FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
        if (handler is null)
        {
            return new RecipeException(fileName, number, name, path + ".name",
                string.IsNullOrEmpty(name) ? "步骤缺少 name" : $"没有名为「{name}」的步骤（或提供该步骤的功能未启用）");
        }

        var db = services.GetRequiredService<GrassrootsDbContext>();
        var context = new RecipeStepContext
        {
            RecipeName = recipeName,
            FileName = fileName,
            StepNumber = number,
            StepName = name,
            Step = step,
            Services = services,
            CancellationToken = cancellationToken,
            BaseDirectory = baseDirectory,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await handler.ExecuteAsync(context);
            await transaction.CommitAsync(cancellationToken);

            // The step's domain events (content created by it…) go out once it is committed.
            await services.GetRequiredService<IOutbox>().FlushAsync(cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();

            // The step may have changed in-memory state (the enabled feature set); read it back from the database.
            await services.GetRequiredService<FeatureManager>().LoadEnabledAsync(CancellationToken.None);
            var at = ex is RecipeStepException { JsonPath.Length: > 0 } rse ? $"{path}.{rse.JsonPath}" : path;
            return new RecipeException(fileName, number, name, at, ex.Message, ex);
        }
    }

    private async Task RecordAsync(string recipeName, string fileName, string sha, RecipeException? failure, string? runBy, DateTime started,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GrassrootsDbContext>();
        db.RecipeRuns.Add(new RecipeRunRecord
        {
            RecipeName = recipeName,
            FileName = fileName,
            Sha256 = sha,
            Succeeded = failure is null,
            Error = failure?.Message,
            RunBy = runBy,
            StartedUtc = started,
            FinishedUtc = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Writes recipe.succeeded / recipe.failed to the audit trail (after the run record; never cancelled).</summary>
    private async Task AuditAsync(string recipeName, string fileName, string sha, int stepCount, int executed, RecipeException? failure, string? runBy)
    {
        await using var scope = scopes.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<Audit.IAuditTrail>();
        var data = new JsonObject
        {
            ["recipe"] = recipeName,
            ["file"] = fileName,
            ["sha256"] = sha,
            ["steps"] = stepCount,
            ["executedSteps"] = executed,
            ["succeeded"] = failure is null,
        };
        if (failure is not null)
        {
            data["error"] = failure.Message;
        }

        await audit.RecordAsync(new Audit.AuditEvent
        {
            Category = Audit.AuditCategories.Recipe,
            Action = failure is null ? "recipe.succeeded" : "recipe.failed",
            Summary = failure is null
                ? $"执行配方「{recipeName}」（{fileName}），完成 {executed} 个步骤"
                : $"执行配方「{recipeName}」（{fileName}）失败：{failure.Message}",
            UserName = runBy,
            Data = data,
        }, CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recipe {Recipe} ({File}) ran {Steps} step(s).")]
    private static partial void LogRecipeDone(ILogger logger, string recipe, string file, int steps);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
    private static partial void LogRecipeFailed(ILogger logger, string message);
}
