using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Grassroots.Hosting;

/// <summary>MVC's model-binding messages (wrong type, missing value, empty body) in the request's language.</summary>
internal sealed class LocalizedBindingMessages(IStringLocalizerFactory localizers) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        // The localizer reads the current UI culture each time a message is built, so one instance serves every request.
        var T = localizers.Create(typeof(RequestErrors));
        var messages = options.ModelBindingMessageProvider;
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => T["「{1}」的值「{0}」无效", value, field]);
        messages.SetMissingBindRequiredValueAccessor(field => T["请提供「{0}」", field]);
        messages.SetMissingKeyOrValueAccessor(() => T["缺少必需的值"]);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => T["请求内容不能为空"]);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => T["值「{0}」无效", value]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => T["提供的值无效"]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => T["必须是数字"]);
        messages.SetUnknownValueIsInvalidAccessor(field => T["「{0}」的值无效", field]);
        messages.SetValueIsInvalidAccessor(value => T["值「{0}」无效", value]);
        messages.SetValueMustBeANumberAccessor(field => T["「{0}」必须是数字", field]);
        messages.SetValueMustNotBeNullAccessor(value => T["「{0}」不能为空", value]);
    }
}
