using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Grassroots.Workflows.Expressions;

/// <summary>
/// The output encoder of Liquid templates that build JSON (<see cref="ExpressionSyntax.LiquidJson"/>): every value is
/// escaped so that it is valid inside a JSON string. Besides what any JavaScript encoder escapes (quotes, backslash,
/// control characters, <c>&lt; &gt; &amp; ' +</c>), the structural characters <c>{ } [ ] , :</c> become <c>\uXXXX</c>:
/// between quotes that reads back as the same text, and outside quotes it makes the output invalid JSON instead of
/// letting a value add members. Chinese and other letters are kept as they are.
/// </summary>
internal static class JsonStringEncoder
{
    public static JavaScriptEncoder Instance { get; } = Create();

    private static JavaScriptEncoder Create()
    {
        var settings = new TextEncoderSettings(UnicodeRanges.All);
        settings.ForbidCharacters('{', '}', '[', ']', ',', ':');
        return JavaScriptEncoder.Create(settings);
    }
}
