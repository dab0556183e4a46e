using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ganss.Xss;
using Grassroots.ContentManagement.Metadata;

namespace Grassroots.ContentManagement.Fields;

/// <summary>
/// 富文本: HTML from the rich-text editor, sanitised on the way in — common formatting tags only, no scripts, event
/// handlers, styles beyond a few safe properties, or <c>javascript:</c> URLs.
/// </summary>
internal sealed partial class HtmlFieldKind : IContentFieldKind
{
    private static readonly string[] AllowedTags =
    [
        "p", "br", "hr", "div", "span", "b", "strong", "i", "em", "u", "s", "strike", "del", "ins", "sub", "sup",
        "small", "mark", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre",
        "code", "a", "img", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
        "figure", "figcaption",
    ];

    private static readonly string[] AllowedAttributes =
    [
        "href", "title", "target", "rel", "src", "alt", "width", "height", "colspan", "rowspan", "align", "style",
        "start", "type",
    ];

    private static readonly string[] AllowedCssProperties =
    [
        "text-align", "color", "background-color", "font-weight", "font-style", "text-decoration", "text-indent",
        "width", "height", "margin-left", "padding-left", "vertical-align",
    ];

    // Configured once, then only read: HtmlSanitizer may be shared between threads once it is no longer changed.
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public string Name => ContentFieldKinds.Html;

    public string DisplayName => "富文本";

    public ValueTask<JsonNode?> NormalizeAsync(JsonNode? value, FieldValidationContext context)
    {
        if (FieldValues.IsBlank(value))
        {
            return ValueTask.FromResult(FieldValidation.Missing(context));
        }

        var html = FieldValues.AsString(value);
        if (html is null)
        {
            context.Error("「{0}」必须是文本");
            return ValueTask.FromResult<JsonNode?>(null);
        }

        var clean = Sanitize(html).Trim();
        var text = PlainText(clean);
        if (text.Length == 0 && !clean.Contains("<img", StringComparison.OrdinalIgnoreCase))
        {
            return ValueTask.FromResult(FieldValidation.Missing(context));
        }

        var settings = context.Field.Settings;
        var length = FieldValues.CountCharacters(text);
        if (settings.MinLength is { } min && length < min)
        {
            context.Error("「{0}」至少 {1} 个字符", min);
        }

        if (settings.MaxLength is { } max && length > max)
        {
            context.Error("「{0}」最多 {1} 个字符", max);
        }

        return ValueTask.FromResult<JsonNode?>(JsonValue.Create(clean));
    }

    public string? ToText(JsonNode? value, ContentFieldDefinition field)
        => FieldValues.AsString(value) is { } html ? PlainText(html) : null;

    public IndexedFieldValue ToIndex(JsonNode? value, ContentFieldDefinition field)
        => FieldValidation.TextIndex(ToText(value, field), field);

    /// <summary>The HTML with everything unsafe removed.</summary>
    internal static string Sanitize(string html) => Sanitizer.Sanitize(html);

    /// <summary>The text of the HTML: tags removed, entities decoded, white space collapsed.</summary>
    internal static string PlainText(string html)
    {
        var text = BlockBoundary().Replace(html, " ");
        text = Tag().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        return WhiteSpace().Replace(text, " ").Trim();
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        Replace(sanitizer.AllowedTags, AllowedTags);
        Replace(sanitizer.AllowedAttributes, AllowedAttributes);
        Replace(sanitizer.AllowedCssProperties, AllowedCssProperties);
        Replace(sanitizer.AllowedSchemes, ["http", "https", "mailto", "tel"]);
        Replace(sanitizer.UriAttributes, ["href", "src"]);
        sanitizer.AllowedAtRules.Clear();
        sanitizer.AllowDataAttributes = false;
        sanitizer.PostProcessNode += (_, e) =>
        {
            // Links that open a new window must not hand it a reference to this page.
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link && link.HasAttribute("target"))
            {
                link.SetAttribute("rel", "noopener noreferrer");
            }
        };
        return sanitizer;

        static void Replace(ISet<string> set, IEnumerable<string> values)
        {
            set.Clear();
            set.UnionWith(values);
        }
    }

    [GeneratedRegex(@"<\s*(br|/p|/div|/li|/h[1-6]|/tr|/td|/th)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockBoundary();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
