using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grassroots.Workflows.Expressions;

/// <summary>The outcome of an expression: its value, or a Chinese error message with the position when known.</summary>
public sealed class ExpressionResult
{
    private ExpressionResult(bool success, JsonNode? value, string? error, int? line, int? column)
    {
        Success = success;
        Value = value;
        Error = error;
        Line = line;
        Column = column;
    }

    /// <summary>Whether the expression ran to completion.</summary>
    public bool Success { get; }

    /// <summary>The value (JavaScript: completion value, <c>null</c> for undefined; Liquid: the rendered text).</summary>
    public JsonNode? Value { get; }

    /// <summary>The Chinese error message when <see cref="Success"/> is false.</summary>
    public string? Error { get; }

    /// <summary>1-based line of the error, when known.</summary>
    public int? Line { get; }

    /// <summary>1-based column of the error, when known.</summary>
    public int? Column { get; }

    /// <summary>A successful result.</summary>
    public static ExpressionResult Ok(JsonNode? value) => new(true, value, null, null, null);

    /// <summary>A failed result; the position, when given, is appended to the message (第 n 行第 m 列).</summary>
    public static ExpressionResult Fail(string error, int? line = null, int? column = null)
    {
        var message = line is { } l
            ? column is { } c ? $"{error}（第 {l} 行第 {c} 列）" : $"{error}（第 {l} 行）"
            : error;
        return new(false, null, message, line, column);
    }

    /// <summary>The value as a condition, see <see cref="ExpressionEvaluatorExtensions.EvaluateBooleanAsync"/>.</summary>
    public bool IsTruthy(string syntax)
    {
        if (!Success)
        {
            return false;
        }

        if (string.Equals(syntax, ExpressionSyntax.Liquid, StringComparison.OrdinalIgnoreCase))
        {
            var text = Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : Value?.ToJsonString();
            text = text?.Trim();
            return !string.IsNullOrEmpty(text) && !string.Equals(text, "false", StringComparison.OrdinalIgnoreCase);
        }

        return Value switch
        {
            null => false,
            JsonObject or JsonArray => true,
            JsonValue value => value.GetValueKind() switch
            {
                JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => false,
                JsonValueKind.True => true,
                JsonValueKind.String => value.GetValue<string>().Length > 0,
                JsonValueKind.Number => value.GetValue<double>() is var d && d != 0 && !double.IsNaN(d),
                _ => true,
            },
            _ => true,
        };
    }
}
