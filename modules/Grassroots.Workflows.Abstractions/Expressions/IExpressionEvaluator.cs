namespace Grassroots.Workflows.Expressions;

/// <summary>
/// Evaluates workflow expressions in a sandbox: Liquid templates (<see cref="ExpressionSyntax.Liquid"/>) and JavaScript
/// (<see cref="ExpressionSyntax.JavaScript"/>). Expressions see only the JSON values of an <see cref="ExpressionScope"/>
/// (<c>contentItem</c>, <c>input</c>, <c>properties</c>, <c>workflow</c>, <c>user</c>), never .NET objects.
/// </summary>
public interface IExpressionEvaluator
{
    /// <summary>
    /// Evaluates <paramref name="expression"/>. Errors of the expression (syntax, run time, sandbox limits) come back as a
    /// failed <see cref="ExpressionResult"/> with a Chinese message; cancellation of <paramref name="cancellationToken"/>
    /// throws <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="syntax"><c>"liquid"</c> or <c>"javascript"</c> (case-insensitive; <c>"js"</c> is accepted too).</param>
    Task<ExpressionResult> EvaluateAsync(string syntax, string expression, ExpressionScope scope, CancellationToken cancellationToken = default);
}

/// <summary>The syntaxes understood by <see cref="IExpressionEvaluator"/>.</summary>
public static class ExpressionSyntax
{
    /// <summary>Liquid template; the result is the rendered text.</summary>
    public const string Liquid = "liquid";

    /// <summary>
    /// Liquid template that builds JSON: every <c>{{ value }}</c> is escaped for a JSON string (quotes, backslashes,
    /// control characters and the structural characters <c>{ } [ ] , :</c> become <c>\uXXXX</c>), so a value written
    /// between quotes stays one string, and one written outside quotes can at most make the output invalid JSON, never
    /// add members. <c>{{ value | json }}</c> writes the value as a complete JSON value (not escaped again).
    /// </summary>
    public const string LiquidJson = "liquid-json";

    /// <summary>JavaScript; the result is the completion value of the script.</summary>
    public const string JavaScript = "javascript";
}

/// <summary>Helpers over <see cref="IExpressionEvaluator"/>.</summary>
public static class ExpressionEvaluatorExtensions
{
    /// <summary>
    /// Evaluates a condition. JavaScript: the truthiness of the completion value (false, 0, NaN, "", null and undefined
    /// are false). Liquid: the rendered text, trimmed, is true unless it is empty or <c>false</c>.
    /// A failing expression throws <see cref="ExpressionException"/> with the Chinese message.
    /// </summary>
    public static async ValueTask<bool> EvaluateBooleanAsync(this IExpressionEvaluator evaluator, string syntax, string expression,
        ExpressionScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        var result = await evaluator.EvaluateAsync(syntax, expression, scope, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            throw new ExpressionException(result.Error ?? "表达式执行失败。", result.Line, result.Column);
        }

        return result.IsTruthy(syntax);
    }
}

/// <summary>A failed expression, thrown by helpers that cannot return an <see cref="ExpressionResult"/>.</summary>
public sealed class ExpressionException(string message, int? line = null, int? column = null) : Exception(message)
{
    /// <summary>1-based line of the error, when known.</summary>
    public int? Line { get; } = line;

    /// <summary>1-based column of the error, when known.</summary>
    public int? Column { get; } = column;
}
