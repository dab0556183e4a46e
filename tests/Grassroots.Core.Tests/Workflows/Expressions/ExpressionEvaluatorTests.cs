using System.Text.Json.Nodes;
using Grassroots.Workflows.Expressions;
using Microsoft.Extensions.Options;

namespace Grassroots.Core.Tests.Workflows.Expressions;

public sealed class ExpressionEvaluatorTests
{
    private static ExpressionEvaluator Create(ScriptOptions? options = null) =>
        new(new LiquidEvaluator(), new JavaScriptEvaluator(Options.Create(options ?? new ScriptOptions())));

    private static ExpressionScope Scope() => new()
    {
        ContentItem = JsonNode.Parse("""
            {"contentItemId":"demo-opinion-hs-0001","contentType":"OpinionReport","displayText":"恒盛社区走访记录",
             "orgUnitCode":"370725001036","content":{"VisitRecord":{"Households":{"value":12},"Topic":{"value":"供水"}}}}
            """)!.AsObject(),
        Input = new JsonObject { ["comment"] = "同意" },
        Properties = new JsonObject { ["approved"] = true, ["tags"] = new JsonArray("a", "b") },
        Workflow = new JsonObject { ["id"] = "wf-1", ["correlationId"] = "demo-opinion-hs-0001", ["status"] = "Executing" },
        User = new JsonObject { ["name"] = "张三", ["roles"] = new JsonArray("GridMember"), ["orgUnitCode"] = "370725001036" },
    };

    private static async Task<ExpressionResult> Js(string script, ScriptOptions? options = null, CancellationToken token = default) =>
        await Create(options).EvaluateAsync("javascript", script, Scope(), token);

    [Fact]
    public async Task JavaScript_reads_content_fields()
    {
        var result = await Js("contentItem.content.VisitRecord.Households.value > 10");
        Assert.True(result.Success, result.Error);
        Assert.True(result.Value!.GetValue<bool>());
        Assert.True(await Create().EvaluateBooleanAsync("javascript", "contentItem.content.VisitRecord.Households.value > 10", Scope()));
        Assert.False(await Create().EvaluateBooleanAsync("javascript", "contentItem.content.VisitRecord.Households.value > 20", Scope()));
        Assert.Equal("张三/GridMember/wf-1/同意/true", (await Js("[user.name, user.roles[0], workflow.id, input.comment, properties.approved].join('/')")).Value!.GetValue<string>());
    }

    [Fact]
    public async Task Liquid_renders_scope_values()
    {
        var result = await Create().EvaluateAsync("liquid", "{{ contentItem.displayText }} 由 {{ user.name }} 提交", Scope(), default);
        Assert.True(result.Success, result.Error);
        Assert.Equal("恒盛社区走访记录 由 张三 提交", result.Value!.GetValue<string>());

        var loop = await Create().EvaluateAsync("liquid",
            "{% if contentItem.content.VisitRecord.Households.value > 10 %}多{% endif %}{% for t in properties.tags %}[{{ t }}]{% endfor %}", Scope(), default);
        Assert.Equal("多[a][b]", loop.Value!.GetValue<string>());
    }

    [Fact]
    public async Task Liquid_json_and_date_filters()
    {
        var json = await Create().EvaluateAsync("liquid", "{{ contentItem.content.VisitRecord | json }}", Scope(), default);
        Assert.True(json.Success, json.Error);
        Assert.True(JsonNode.DeepEquals(Scope().ContentItem!["content"]!["VisitRecord"], JsonNode.Parse(json.Value!.GetValue<string>())));

        // 2026-01-01T16:30:00Z is 2026-01-02 00:30 in China Standard Time.
        var date = await Create().EvaluateAsync("liquid", "{{ '2026-01-01T16:30:00Z' | date: '%Y-%m-%d %H:%M' }}", Scope(), default);
        Assert.True(date.Success, date.Error);
        Assert.Equal("2026-01-02 00:30", date.Value!.GetValue<string>());
    }

    [Fact]
    public async Task Liquid_boolean_and_syntax_errors()
    {
        Assert.True(await Create().EvaluateBooleanAsync("liquid", "{{ properties.approved }}", Scope()));
        Assert.False(await Create().EvaluateBooleanAsync("liquid", "{% if false %}x{% endif %}", Scope()));

        var broken = await Create().EvaluateAsync("liquid", "第一行\n{% if %}", Scope(), default);
        Assert.False(broken.Success);
        Assert.StartsWith("模板语法错误", broken.Error);
        Assert.Equal(2, broken.Line);
    }

    [Fact]
    public async Task Liquid_runaway_loop_is_stopped()
    {
        // Writes nothing, so the step limit (not the output limit) stops it.
        var result = await Create().EvaluateAsync("liquid", "{% for i in (1..100000000) %}{% assign x = i %}{% endfor %}", Scope(), default);
        Assert.False(result.Success);
        Assert.StartsWith("模板执行出错", result.Error);
    }

    [Fact]
    public async Task Liquid_output_over_the_limit_fails_with_the_setting_named()
    {
        var limited = new ExpressionEvaluator(new LiquidEvaluator(Options.Create(new LiquidTemplateOptions { MaxOutputLength = 100 })),
            new JavaScriptEvaluator(Options.Create(new ScriptOptions())));
        Assert.True((await limited.EvaluateAsync("liquid", "{% for i in (1..10) %}0123456789{% endfor %}", Scope())).Success);
        var result = await limited.EvaluateAsync("liquid-json", "{% for i in (1..11) %}{{ user.name }}0123456789{% endfor %}", Scope());
        Assert.False(result.Success);
        Assert.Equal("模板输出超过上限 100 个字符（配置项 Workflows:Templates:MaxOutputLength）。", result.Error);
    }

    [Theory]
    [InlineData("x\", \"y\": \"z")]
    [InlineData("}, \"x\": 1, {")]
    [InlineData("a\\\"b\n\u0001 [1,2] 张三 😀 </script>")]
    public async Task Liquid_json_mode_keeps_a_hostile_value_one_string(string hostile)
    {
        var scope = Scope();
        scope.Input = new JsonObject { ["text"] = hostile };
        var result = await Create().EvaluateAsync("liquid-json", "{\"a\": \"{{ input.text }}\", \"b\": {{ input.text | json }}, \"c\": \"{{ input.text | raw }}\"}", scope);
        Assert.True(result.Success, result.Error);
        var json = JsonNode.Parse(result.Value!.GetValue<string>())!.AsObject();
        Assert.Equal(["a", "b", "c"], json.Select(p => p.Key));
        Assert.All(json, p => Assert.Equal(hostile, p.Value!.GetValue<string>()));

        // Outside quotes a hostile value cannot add members: the text is simply not JSON.
        var bare = await Create().EvaluateAsync("liquid-json", "{\"n\": {{ input.text }}}", scope);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => JsonNode.Parse(bare.Value!.GetValue<string>()));

        // Numbers and booleans written bare stay JSON values; Chinese text is kept as it is.
        var plain = await Create().EvaluateAsync("liquid-json", "{\"n\": {{ contentItem.content.VisitRecord.Households.value }}, \"ok\": {{ properties.approved }}, \"u\": \"{{ user.name }}\"}", Scope());
        Assert.Equal("{\"n\": 12, \"ok\": true, \"u\": \"张三\"}", plain.Value!.GetValue<string>());
    }

    [Fact]
    public async Task Liquid_cannot_reach_dotnet_members()
    {
        var result = await Create().EvaluateAsync("liquid", "[{{ user.name.Length }}{{ user.GetType }}{{ workflow.Count }}]", Scope(), default);
        Assert.True(result.Success, result.Error);
        Assert.Equal("[]", result.Value!.GetValue<string>());
    }

    [Fact]
    public async Task Infinite_loop_is_stopped()
    {
        var result = await Js("while (true) {}");
        Assert.False(result.Success);
        Assert.Contains("脚本执行超时或超出语句上限", result.Error);

        // With a huge statement budget the time limit stops it.
        var timed = await Js("while (true) {}", new ScriptOptions { MaxStatements = int.MaxValue, Timeout = TimeSpan.FromMilliseconds(200) });
        Assert.False(timed.Success);
        Assert.Contains("脚本执行超时或超出语句上限", timed.Error);
    }

    [Fact]
    public async Task Deep_recursion_is_stopped()
    {
        var result = await Js("function f(n) { return f(n + 1) + 1; } f(0)");
        Assert.False(result.Success);
        Assert.Contains("递归", result.Error);
    }

    [Fact]
    public async Task Huge_allocation_is_stopped_by_memory_limit()
    {
        var result = await Js("var a = []; while (true) { a.push(new Array(1000).join('x') + a.length); } a.length",
            new ScriptOptions { MaxStatements = int.MaxValue, Timeout = TimeSpan.FromSeconds(30) });
        Assert.False(result.Success);
        Assert.Contains("内存", result.Error);
    }

    [Theory]
    [InlineData("System.IO.File.ReadAllText('/etc/passwd')")]
    [InlineData("importNamespace('System.IO')")]
    [InlineData("clr.System")]
    [InlineData("host.Environment")]
    public async Task Clr_is_not_reachable(string script)
    {
        var result = await Js(script);
        Assert.False(result.Success);
        Assert.StartsWith("脚本执行出错", result.Error);
    }

    [Fact]
    public async Task Clr_globals_are_undefined()
    {
        var result = await Js("[typeof System, typeof importNamespace, typeof clr, typeof host, typeof require].join(',')");
        Assert.True(result.Success, result.Error);
        Assert.Equal("undefined,undefined,undefined,undefined,undefined", result.Value!.GetValue<string>());
    }

    [Fact]
    public async Task Syntax_error_reports_line()
    {
        var result = await Js("var a = 1;\nvar b = ;");
        Assert.False(result.Success);
        Assert.StartsWith("脚本语法错误", result.Error);
        Assert.Equal(2, result.Line);
        Assert.Contains("第 2 行", result.Error);
    }

    [Fact]
    public async Task Runtime_error_reports_line()
    {
        var result = await Js("var a = 1;\nnull.x;");
        Assert.False(result.Success);
        Assert.Equal(2, result.Line);
    }

    [Fact]
    public async Task Strict_mode_is_on()
    {
        var result = await Js("undeclared = 1");
        Assert.False(result.Success);
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Js("1", token: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Create().EvaluateAsync("liquid", "x", Scope(), cancelled.Token));

        using var later = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Js("while (true) {}", new ScriptOptions { MaxStatements = int.MaxValue, Timeout = TimeSpan.FromMinutes(5) }, later.Token));
    }

    [Fact]
    public async Task Values_round_trip_to_json()
    {
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":1,"b":[true,"文",null],"c":{"d":2.5}}"""),
            (await Js("({a: 1, b: [true, '文', null], c: {d: 2.5}})")).Value));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("[1,2,3]"), (await Js("[1, 2, 3]")).Value));
        Assert.Equal(42, (await Js("40 + 2")).Value!.GetValue<double>());
        Assert.Equal("你好", (await Js("'你好'")).Value!.GetValue<string>());
        Assert.False((await Js("1 > 2")).Value!.GetValue<bool>());
        var undefinedResult = await Js("undefined");
        Assert.True(undefinedResult.Success);
        Assert.Null(undefinedResult.Value);
        Assert.True(JsonNode.DeepEquals(Scope().ContentItem, (await Js("contentItem")).Value));
    }

    [Fact]
    public async Task Scripts_cannot_change_the_scope()
    {
        var scope = Scope();
        var result = await Create().EvaluateAsync("javascript", "user.name = 'x'; user.name", scope, default);
        Assert.Equal("x", result.Value!.GetValue<string>());
        Assert.Equal("张三", scope.User!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_syntax_fails_in_chinese()
    {
        var result = await Create().EvaluateAsync("python", "1", Scope(), default);
        Assert.False(result.Success);
        Assert.Contains("不支持的表达式语法", result.Error);
    }
}
