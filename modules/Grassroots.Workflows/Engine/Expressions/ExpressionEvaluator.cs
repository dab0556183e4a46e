namespace Grassroots.Workflows.Expressions;

/// <summary>Dispatches to the Liquid or JavaScript evaluator by syntax.</summary>
internal sealed class ExpressionEvaluator(LiquidEvaluator liquid, JavaScriptEvaluator javaScript) : IExpressionEvaluator
{
    public Task<ExpressionResult> EvaluateAsync(string syntax, string expression, ExpressionScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        expression ??= "";
        switch (syntax?.Trim().ToLowerInvariant())
        {
            case ExpressionSyntax.Liquid:
                return liquid.EvaluateAsync(expression, scope, jsonOutput: false, cancellationToken);
            case ExpressionSyntax.LiquidJson:
                return liquid.EvaluateAsync(expression, scope, jsonOutput: true, cancellationToken);
            case ExpressionSyntax.JavaScript:
            case "js":
                // Jint is synchronous; it honours the token itself (and its time limit bounds the wait).
                return Task.FromResult(javaScript.Evaluate(expression, scope, cancellationToken));
            default:
                return Task.FromResult(ExpressionResult.Fail($"不支持的表达式语法“{syntax}”，应为 liquid 或 javascript。"));
        }
    }
}
