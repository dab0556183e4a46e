using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Fluid;
using Fluid.Values;
using Microsoft.Extensions.Options;

namespace Grassroots.Workflows.Expressions;

/// <summary>
/// Renders workflow Liquid templates with Fluid. Only the scope's JSON values are visible (converted to Liquid
/// dictionaries, arrays and scalars); the member access strategy has no .NET type registered, so no .NET member can be
/// reached. Parsed templates are cached by their text. Output is bounded by <see cref="LiquidTemplateOptions.MaxOutputLength"/>;
/// in JSON mode (<see cref="ExpressionSyntax.LiquidJson"/>) every output value is escaped for a JSON string.
/// </summary>
internal sealed partial class LiquidEvaluator
{
    private const int MaxCachedTemplates = 1000;
    private static readonly FluidParser Parser = new();
    private static readonly JsonSerializerOptions JsonOutput = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
    private readonly ConcurrentDictionary<string, IFluidTemplate> _templates = new(StringComparer.Ordinal);
    private readonly TemplateOptions _options;
    private readonly int _maxOutputLength;

    public LiquidEvaluator()
        : this(Options.Create(new LiquidTemplateOptions()))
    {
    }

    public LiquidEvaluator(IOptions<LiquidTemplateOptions> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _maxOutputLength = Math.Max(1, limits.Value.MaxOutputLength);
        _options = new TemplateOptions
        {
            MemberAccessStrategy = new DefaultMemberAccessStrategy(),
            CultureInfo = CultureInfo.GetCultureInfo("zh-CN"),
            TimeZone = Localization.BusinessTime.ChinaStandardTime,
            MaxSteps = 100_000,
            MaxRecursion = 64,
        };
        _options.ValueConverters.Add(value => value is JsonNode node ? ToFluid(node) : null);
        _options.Filters.AddFilter("json", Json);
        // Fluid's raw filter would switch escaping off: in JSON mode that re-opens injection, so here it changes nothing.
        _options.Filters.AddFilter("raw", static (input, _, _) => new StringValue(input.ToStringValue()));
        _options.Filters.AddFilter("date", Date);
    }

    /// <param name="jsonOutput">Escape every output value for a JSON string (<see cref="JsonStringEncoder"/>).</param>
    public async Task<ExpressionResult> EvaluateAsync(string expression, ExpressionScope scope, bool jsonOutput, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_templates.TryGetValue(expression, out var template))
        {
            if (!Parser.TryParse(expression, out template, out var error))
            {
                var match = PositionPattern().Match(error ?? "");
                return match.Success
                    ? ExpressionResult.Fail($"模板语法错误：{error}", int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
                        int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
                    : ExpressionResult.Fail($"模板语法错误：{error}");
            }

            if (_templates.Count >= MaxCachedTemplates)
            {
                _templates.Clear();
            }

            _templates[expression] = template;
        }

        var context = new TemplateContext(_options);
        foreach (var (name, value) in scope.Variables())
        {
            // Deep copies: a template cannot change the caller's objects, and concurrent renders do not share nodes.
            context.SetValue(name, value is null ? NilValue.Instance : ToFluid(value.DeepClone()));
        }

        try
        {
            using var output = new BoundedWriter(_maxOutputLength);
            await template.RenderAsync(output, jsonOutput ? JsonStringEncoder.Instance : NullEncoder.Default, context).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return ExpressionResult.Ok(JsonValue.Create(output.ToString()));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (BoundedWriter.LimitExceededException)
        {
            return ExpressionResult.Fail(
                $"模板输出超过上限 {_maxOutputLength.ToString("N0", CultureInfo.InvariantCulture)} 个字符（配置项 Workflows:Templates:MaxOutputLength）。");
        }
        catch (InvalidOperationException ex)
        {
            return ExpressionResult.Fail($"模板执行出错：{ex.Message}");
        }
        catch (ParseException ex)
        {
            return ExpressionResult.Fail($"模板执行出错：{ex.Message}");
        }
    }

    /// <summary>
    /// The <c>json</c> filter: the value as JSON, Chinese characters kept as they are. Its output is a complete JSON value,
    /// so it is written as it is (not escaped again in JSON mode).
    /// </summary>
    private static ValueTask<FluidValue> Json(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        var node = FromFluid(input, context, 0);
        return new StringValue(node is null ? "null" : node.ToJsonString(JsonOutput), encode: false);
    }

    /// <summary>
    /// The <c>date</c> filter in China Standard Time: instants with an offset (<c>…Z</c>, stored UTC values) are
    /// converted before formatting, then Liquid's standard <c>date</c> formatting applies.
    /// </summary>
    private static ValueTask<FluidValue> Date(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        if (input.TryGetDateTimeInput(context, out var value))
        {
            input = new DateTimeValue(TimeZoneInfo.ConvertTime(value, context.TimeZone));
        }

        return Fluid.Filters.MiscFilters.Date(input, arguments, context);
    }

    private static FluidValue ToFluid(JsonNode node) => node switch
    {
        JsonObject obj => new DictionaryValue(new JsonObjectIndexable(obj)),
        JsonArray array => new ArrayValue(array.Select(item => item is null ? NilValue.Instance : ToFluid(item)).ToArray()),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => new StringValue(value.GetValue<string>()),
            JsonValueKind.Number => NumberValue.Create(value.GetValue<decimal>()),
            JsonValueKind.True => BooleanValue.True,
            JsonValueKind.False => BooleanValue.False,
            _ => NilValue.Instance,
        },
        _ => NilValue.Instance,
    };

    private static JsonNode? FromFluid(FluidValue value, TemplateContext context, int depth)
    {
        if (depth > 64)
        {
            return null;
        }

        switch (value.Type)
        {
            case FluidValues.Nil:
            case FluidValues.Empty:
            case FluidValues.Blank:
                return null;
            case FluidValues.Boolean:
                return JsonValue.Create(value.ToBooleanValue());
            case FluidValues.Number:
                return JsonValue.Create(value.ToNumberValue());
            case FluidValues.String:
                return JsonValue.Create(value.ToStringValue());
            case FluidValues.DateTime:
                return JsonValue.Create(value.ToObjectValue());
            case FluidValues.Array:
                var array = new JsonArray();
                foreach (var item in value.Enumerate(context))
                {
                    array.Add(FromFluid(item, context, depth + 1));
                }

                return array;
            case FluidValues.Dictionary:
                if (value.ToObjectValue() is JsonObjectIndexable indexable)
                {
                    return indexable.Json.DeepClone();
                }

                return null;
            default:
                return JsonValue.Create(value.ToStringValue());
        }
    }


    [GeneratedRegex(@"\((\d+):(\d+)\)")]
    private static partial Regex PositionPattern();

    /// <summary>A JSON object seen by Liquid as a dictionary; its members are converted on access.</summary>
    private sealed class JsonObjectIndexable(JsonObject json) : IFluidIndexable
    {
        public JsonObject Json { get; } = json;

        public int Count => Json.Count;

        public IEnumerable<string> Keys => Json.Select(p => p.Key);

        public IEnumerable<FluidValue> Values => Json.Select(p => p.Value is null ? NilValue.Instance : ToFluid(p.Value));

        public bool TryGetValue(string name, out FluidValue value)
        {
            if (Json.TryGetPropertyValue(name, out var node))
            {
                value = node is null ? NilValue.Instance : ToFluid(node);
                return true;
            }

            value = NilValue.Instance;
            return false;
        }
    }
}
