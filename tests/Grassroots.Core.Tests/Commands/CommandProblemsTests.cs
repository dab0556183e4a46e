using Grassroots.Commands;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Core.Tests.Commands;

/// <summary>Each command outcome becomes one HTTP answer, the same for every API (status, title, detail, errors by field).</summary>
public sealed class CommandProblemsTests
{
    [Fact]
    public void Success_calls_the_success_answer_with_the_value()
    {
        var answer = Controller().Answer(CommandResult.Success("值"), value => new OkObjectResult(value));

        Assert.Equal("值", Assert.IsType<OkObjectResult>(answer).Value);
        Assert.Null(Controller().ProblemFor(CommandResult.Success()));
    }

    [Fact]
    public void Not_found_is_404_titled_by_the_api_or_the_message_or_the_default()
    {
        Assert.Equal((404, "未找到", null), Shape(Controller().ProblemFor<string>(CommandResult.NotFound())));
        Assert.Equal((404, "事项不存在", null), Shape(Controller().ProblemFor<string>(CommandResult.NotFound("事项不存在"))));
        Assert.Equal((404, "内容项 x 不存在", null),
            Shape(Controller().ProblemFor<string>(CommandResult.NotFound(), new CommandProblemTitles { NotFound = "内容项 x 不存在" })));
    }

    [Fact]
    public void Forbidden_is_403_with_the_reason_as_title_and_the_api_detail()
    {
        var problem = Controller().ProblemFor<string>(CommandResult.Forbidden("不能停用最后一位系统管理员"), new CommandProblemTitles { ForbiddenDetail = "只能管理本管辖范围内的用户" });

        Assert.Equal((403, "不能停用最后一位系统管理员", "只能管理本管辖范围内的用户"), Shape(problem));
    }

    [Fact]
    public void Invalid_by_field_is_a_400_validation_problem_with_every_message_of_every_field()
    {
        var result = (CommandResult<string>)CommandResult.Invalid(new Dictionary<string, string[]>
        {
            ["userName"] = ["请填写用户名"],
            ["password"] = ["密码太短", "密码须含数字"],
        });

        var answer = Assert.IsAssignableFrom<ObjectResult>(Controller().ProblemFor(result));
        var problem = Assert.IsType<ValidationProblemDetails>(answer.Value);
        Assert.Equal(400, answer.StatusCode);
        Assert.Equal(400, problem.Status);
        Assert.Equal("提交的数据有误", problem.Title);
        Assert.Equal(["请填写用户名"], problem.Errors["userName"]);
        Assert.Equal(["密码太短", "密码须含数字"], problem.Errors["password"]);
        Assert.Equal(2, problem.Errors.Count);
        Assert.Contains("traceId", problem.Extensions.Keys);

        var titled = Assert.IsAssignableFrom<ObjectResult>(Controller().ProblemFor(result, new CommandProblemTitles { Invalid = "内容未通过校验" }));
        Assert.Equal("内容未通过校验", Assert.IsType<ValidationProblemDetails>(titled.Value).Title);
    }

    [Fact]
    public void Invalid_without_fields_is_a_400_titled_by_its_message_or_the_api_or_the_default()
    {
        Assert.Equal((400, "已是县级，无法再上报", null), Shape(Controller().ProblemFor<string>(CommandResult.Invalid("已是县级，无法再上报"))));
        Assert.Equal((400, "登记失败", null),
            Shape(Controller().ProblemFor<string>(CommandResult.Invalid(new Dictionary<string, string[]>()), new CommandProblemTitles { Failed = "登记失败" })));
        Assert.Equal((400, "操作失败", null), Shape(Controller().ProblemFor<string>(CommandResult.Invalid(new Dictionary<string, string>()))));
        Assert.IsNotType<ValidationProblemDetails>(((ObjectResult)Controller().ProblemFor<string>(CommandResult.Invalid("x"))!).Value);
    }

    [Fact]
    public void Conflict_is_409_with_the_message_as_title_or_under_the_api_title_as_detail()
    {
        Assert.Equal((409, "该诉求已被他人办理或更新，请刷新后重试", null),
            Shape(Controller().ProblemFor<string>(CommandResult.Conflict("该诉求已被他人办理或更新，请刷新后重试"))));
        Assert.Equal((409, "版本冲突", "该内容已被他人修改，请刷新后再编辑。"),
            Shape(Controller().ProblemFor(CommandResult.Conflict("该内容已被他人修改，请刷新后再编辑。", "当前"), new CommandProblemTitles { Conflict = "版本冲突" })));
    }

    [Fact]
    public void Problems_carry_the_type_of_their_status()
    {
        var answer = Assert.IsType<ObjectResult>(Controller().ProblemFor<string>(CommandResult.NotFound()));

        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.5", Assert.IsType<ProblemDetails>(answer.Value).Type);
    }

    [Fact]
    public void Screens_get_the_field_messages_in_the_model_state_or_the_message_in_the_summary()
    {
        var state = new ModelStateDictionary();
        ((CommandResult<string>)CommandResult.Invalid(new Dictionary<string, string> { ["RequesterPhone"] = "联系电话格式不正确" }))
            .AddTo(state, key => char.ToLowerInvariant(key[0]) + key[1..]);
        Assert.Equal("联系电话格式不正确", Assert.Single(state["requesterPhone"]!.Errors).ErrorMessage);

        var summary = new ModelStateDictionary();
        ((CommandResult<string>)CommandResult.Conflict("已被他人办理")).AddTo(summary);
        Assert.Equal("已被他人办理", Assert.Single(summary[string.Empty]!.Errors).ErrorMessage);
    }

    [Fact]
    public void A_failure_passes_on_to_another_value_type_but_a_success_does_not()
    {
        var failure = ((CommandResult<string>)CommandResult.Invalid("a", "b")).Cast<int>();

        Assert.Equal(CommandStatus.Invalid, failure.Status);
        Assert.Equal("b", failure.ErrorFor("a"));
        Assert.Throws<InvalidOperationException>(() => CommandResult.Success("x").Cast<int>());
    }

    private static (int? Status, string? Title, string? Detail) Shape(IActionResult? answer)
    {
        var result = Assert.IsType<ObjectResult>(answer);
        var problem = Assert.IsAssignableFrom<ProblemDetails>(result.Value);
        Assert.Equal(result.StatusCode, problem.Status);
        Assert.IsNotType<ValidationProblemDetails>(problem);
        return (problem.Status, problem.Title, problem.Detail);
    }

    private static TestController Controller()
    {
        var services = new ServiceCollection().AddLogging().AddMvcCore().Services.BuildServiceProvider();
        return new TestController { ControllerContext = new ControllerContext { HttpContext = new DefaultHttpContext { RequestServices = services } } };
    }

    private sealed class TestController : ControllerBase;
}
