using System.Globalization;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Metadata;
using Grassroots.ContentTypes.Services;

namespace Grassroots.ContentTypes.Models;

/// <summary>
/// The field settings form. Numbers arrive as text so a typo is reported in Chinese and kept in the box.
/// </summary>
public sealed class FieldForm
{
    public string? DisplayName { get; set; }
    public bool Required { get; set; }
    public string? Hint { get; set; }
    public string? Default { get; set; }
    public bool Sensitive { get; set; }
    public string? Min { get; set; }
    public string? Max { get; set; }
    public string? Scale { get; set; }
    public string? MinLength { get; set; }
    public string? MaxLength { get; set; }
    public string? Pattern { get; set; }
    public string? PatternMessage { get; set; }
    /// <summary>One option per line: <c>value|text</c> (or just <c>value</c>).</summary>
    public string? Options { get; set; }
    public bool Multiple { get; set; }
    public List<string> AllowedContentTypes { get; set; } = [];
    public string? OrgUnitLevel { get; set; }
    public string? MaxFileSizeMb { get; set; }
    /// <summary>Comma- or space-separated extensions such as <c>.pdf, .jpg</c>.</summary>
    public string? AllowedExtensions { get; set; }
    /// <summary>Full-text search: part of the searchable text (全文检索).</summary>
    public bool SearchIncluded { get; set; } = true;
    /// <summary>Full-text search: kept in the index for display and highlighting (存储).</summary>
    public bool SearchStored { get; set; }
    /// <summary>Full-text search: also indexed as one exact keyword (精确匹配).</summary>
    public bool SearchKeyword { get; set; }

    public static bool IsTextKind(string kind) => kind is ContentFieldKinds.Text or ContentFieldKinds.MultilineText or ContentFieldKinds.Html;

    public static bool HasMultiple(string kind)
        => kind is ContentFieldKinds.Select or ContentFieldKinds.ContentPicker or ContentFieldKinds.OrgUnitPicker or ContentFieldKinds.Attachment;

    public static FieldForm From(ContentFieldDefinition field)
    {
        var s = field.Settings;
        return new FieldForm
        {
            DisplayName = field.DisplayName,
            Required = s.Required,
            Hint = s.Hint,
            Default = s.Default switch
            {
                null => null,
                JsonValue v when v.TryGetValue<string>(out var text) => text,
                var node => node.ToJsonString(),
            },
            Sensitive = s.Sensitive,
            Min = s.Min?.ToString(CultureInfo.InvariantCulture),
            Max = s.Max?.ToString(CultureInfo.InvariantCulture),
            Scale = s.Scale?.ToString(CultureInfo.InvariantCulture),
            MinLength = s.MinLength?.ToString(CultureInfo.InvariantCulture),
            MaxLength = s.MaxLength?.ToString(CultureInfo.InvariantCulture),
            Pattern = s.Pattern,
            PatternMessage = s.PatternMessage,
            Options = string.Join("\n", s.Options.Select(o => o.Value == o.Text || string.IsNullOrEmpty(o.Text) ? o.Value : $"{o.Value}|{o.Text}")),
            Multiple = s.Multiple,
            AllowedContentTypes = [.. s.AllowedContentTypes],
            OrgUnitLevel = s.OrgUnitLevel,
            MaxFileSizeMb = s.MaxFileSize is { } bytes ? (bytes / 1048576m).ToString("0.##", CultureInfo.InvariantCulture) : null,
            AllowedExtensions = string.Join(", ", s.AllowedExtensions),
            SearchIncluded = s.Search?.Included ?? true,
            SearchStored = s.Search?.Stored ?? false,
            SearchKeyword = s.Search?.Keyword ?? false,
        };
    }

    /// <summary>
    /// Copies the form onto the field. Text that is not a number is reported through <paramref name="error"/>
    /// (form property name, label of the box); the manager validates the rest.
    /// </summary>
    public void ApplyTo(ContentFieldDefinition field, Action<string, string> error)
    {
        var s = field.Settings;
        field.DisplayName = DisplayName?.Trim() ?? "";
        s.Required = Required;
        s.Hint = Hint.TrimToNull();
        s.Sensitive = Sensitive || ContentFieldKinds.IsAlwaysSensitive(field.Kind);
        s.Default = ParseDefault(field.Kind, Default.TrimToNull(), error);
        s.Search = SearchIncluded && !SearchStored && !SearchKeyword
            ? null
            : new FieldSearchSettings { Included = SearchIncluded, Stored = SearchStored, Keyword = SearchKeyword };
        var text = IsTextKind(field.Kind);
        var number = field.Kind == ContentFieldKinds.Number;
        s.Min = number ? ParseDecimal(Min, nameof(Min), error) : null;
        s.Max = number ? ParseDecimal(Max, nameof(Max), error) : null;
        s.Scale = number ? ParseInt(Scale, nameof(Scale), error) : null;
        s.MinLength = text ? ParseInt(MinLength, nameof(MinLength), error) : null;
        s.MaxLength = text ? ParseInt(MaxLength, nameof(MaxLength), error) : null;
        s.Pattern = text ? Pattern.TrimToNull() : null;
        s.PatternMessage = text ? PatternMessage.TrimToNull() : null;
        s.Options = field.Kind == ContentFieldKinds.Select ? ParseOptions(Options) : [];
        s.Multiple = HasMultiple(field.Kind) && Multiple;
        s.AllowedContentTypes = field.Kind == ContentFieldKinds.ContentPicker
            ? AllowedContentTypes.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList()
            : [];
        s.OrgUnitLevel = field.Kind == ContentFieldKinds.OrgUnitPicker ? OrgUnitLevel.TrimToNull() : null;
        if (field.Kind == ContentFieldKinds.Attachment)
        {
            var mb = ParseDecimal(MaxFileSizeMb, nameof(MaxFileSizeMb), error);
            if (mb is <= 0)
            {
                error(nameof(MaxFileSizeMb), "单个文件上限必须大于 0");
            }

            s.MaxFileSize = mb is > 0 ? (long)Math.Round(mb.Value * 1048576m) : null;
            s.AllowedExtensions = (AllowedExtensions ?? "")
                .Split([',', ' ', '，', '、', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
                .Select(e => e.StartsWith('.') ? e.ToLowerInvariant() : "." + e.ToLowerInvariant())
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }
        else
        {
            s.MaxFileSize = null;
            s.AllowedExtensions = [];
        }
    }

    private static List<SelectOption> ParseOptions(string? text)
        => (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line =>
            {
                var bar = line.IndexOf('|', StringComparison.Ordinal);
                return bar < 0
                    ? new SelectOption { Value = line, Text = line }
                    : new SelectOption { Value = line[..bar].Trim(), Text = line[(bar + 1)..].Trim() };
            })
            .ToList();

    private static JsonValue? ParseDefault(string kind, string? text, Action<string, string> error)
    {
        if (text is null)
        {
            return null;
        }

        switch (kind)
        {
            case ContentFieldKinds.Number:
                if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                {
                    return JsonValue.Create(number);
                }

                error(nameof(Default), "默认值必须是数字");
                return null;
            case ContentFieldKinds.Boolean:
                if (text is "true" or "是" or "1")
                {
                    return JsonValue.Create(true);
                }

                if (text is "false" or "否" or "0")
                {
                    return JsonValue.Create(false);
                }

                error(nameof(Default), "默认值只能填写“是”或“否”");
                return null;
            default:
                return JsonValue.Create(text);
        }
    }

    private static decimal? ParseDecimal(string? text, string property, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        error(property, "请填写数字");
        return null;
    }

    private static int? ParseInt(string? text, string property, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            return value;
        }

        error(property, "请填写不小于 0 的整数");
        return null;
    }
}

/// <summary>The field settings page.</summary>
public sealed class FieldEditPage
{
    public required FieldContainer Container { get; init; }
    public required ContentFieldDefinition Field { get; init; }
    public required FieldForm Form { get; init; }
    public required string KindDisplayName { get; init; }
    /// <summary>Types a content picker may allow (name → display name).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> ContentTypes { get; init; }
}
