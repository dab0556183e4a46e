using System.Text.Json.Nodes;
using Acornima;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Microsoft.Extensions.Options;

namespace Grassroots.Workflows.Expressions;

/// <summary>
/// Runs workflow JavaScript in Jint: strict mode, no CLR access (no <c>AllowClr</c>, no host objects), limits on time,
/// memory, recursion and statements. The scope is parsed into the engine as plain JSON objects, the completion value
/// is serialized back to JSON.
/// </summary>
internal sealed class JavaScriptEvaluator(IOptions<ScriptOptions> options)
{
    internal const string LimitExceeded = "脚本执行超时或超出语句上限";

    public ExpressionResult Evaluate(string expression, ExpressionScope scope, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var limits = options.Value;
        var engine = new Engine(o => o
            .Strict()
            .TimeoutInterval(limits.Timeout)
            .LimitMemory(limits.MemoryLimit)
            .LimitRecursion(limits.RecursionLimit)
            .MaxStatements(limits.MaxStatements)
            .RegexTimeoutInterval(limits.Timeout)
            .CancellationToken(cancellationToken));
        try
        {
            var parser = new JsonParser(engine);
            foreach (var (name, value) in scope.Variables())
            {
                engine.SetValue(name, value is null ? JsValue.Null : parser.Parse(value.ToJsonString()));
            }

            var completion = engine.Evaluate(expression);
            return ExpressionResult.Ok(ToJson(engine, completion));
        }
        catch (ExecutionCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or StatementsCountOverflowException)
        {
            return ExpressionResult.Fail(LimitExceeded + "。");
        }
        catch (MemoryLimitExceededException)
        {
            return ExpressionResult.Fail("脚本超出内存上限。");
        }
        catch (RecursionDepthOverflowException)
        {
            return ExpressionResult.Fail("脚本递归层数超出上限。");
        }
        catch (ParseErrorException ex)
        {
            return ExpressionResult.Fail($"脚本语法错误：{ex.Description}", ex.LineNumber, ex.Column);
        }
        catch (JavaScriptException ex) when (ex.InnerException is ParseErrorException parse)
        {
            return ExpressionResult.Fail($"脚本语法错误：{parse.Description}", parse.LineNumber, parse.Column);
        }
        catch (JavaScriptException ex) when (ex.Error.IsObject() && ex.Error.AsObject().Get("name").ToString() == "SyntaxError")
        {
            var (line, column) = Location(ex);
            return ExpressionResult.Fail($"脚本语法错误：{StripLocation(ex.Message)}", line, column);
        }
        catch (JavaScriptException ex)
        {
            var (line, column) = Location(ex);
            return ExpressionResult.Fail($"脚本执行出错：{StripLocation(ex.Message)}", line, column);
        }
        catch (JintException ex)
        {
            var (line, column) = Location(ex);
            return ExpressionResult.Fail($"脚本执行出错：{StripLocation(ex.Message)}", line, column);
        }
    }

    private static string StripLocation(string message)
    {
        var at = message.LastIndexOf(" (<anonymous>", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }

    private static (int?, int?) Location(Exception ex)
    {
        if (JintException.TryGetJavaScriptLocation(ex, out var location) && location.Start.Line > 0)
        {
            return (location.Start.Line, location.Start.Column + 1);
        }

        return (null, null);
    }

    private static JsonNode? ToJson(Engine engine, JsValue value)
    {
        if (value.IsUndefined() || value.IsNull())
        {
            return null;
        }

        var json = new JsonSerializer(engine).Serialize(value);
        return json.IsUndefined() ? null : JsonNode.Parse(json.AsString());
    }
}
