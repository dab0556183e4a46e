using System.Text.Json.Nodes;

namespace Grassroots.ContentManagement.Metadata;

/// <summary>A field of a part or type.</summary>
public sealed class ContentFieldDefinition
{
    /// <summary>Technical name: letters, digits and underscores, starting with a letter.</summary>
    public string Name { get; set; } = "";

    /// <summary>Shown on forms and in validation messages.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>One of <see cref="ContentFieldKinds"/>.</summary>
    public string Kind { get; set; } = ContentFieldKinds.Text;

    public ContentFieldSettings Settings { get; set; } = new();
}

/// <summary>Field settings; each kind reads the ones that apply to it.</summary>
public sealed class ContentFieldSettings
{
    public bool Required { get; set; }

    /// <summary>Number: smallest value. Date: earliest date (yyyy-MM-dd).</summary>
    public decimal? Min { get; set; }

    /// <summary>Number: largest value.</summary>
    public decimal? Max { get; set; }

    /// <summary>Number: digits after the decimal point (0 for whole numbers).</summary>
    public int? Scale { get; set; }

    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }

    /// <summary>A regular expression the whole text must match.</summary>
    public string? Pattern { get; set; }

    /// <summary>Message shown when <see cref="Pattern"/> does not match.</summary>
    public string? PatternMessage { get; set; }

    /// <summary>Help text under the editor.</summary>
    public string? Hint { get; set; }

    public JsonNode? Default { get; set; }

    /// <summary>Sensitive personal data (敏感信息): masked unless the user may see it, never indexed in clear.</summary>
    public bool Sensitive { get; set; }

    /// <summary>Select: the options.</summary>
    public List<SelectOption> Options { get; set; } = [];

    /// <summary>Select, content picker, org-unit picker, attachment: more than one value.</summary>
    public bool Multiple { get; set; }

    /// <summary>Content picker: the types that may be picked (empty: any).</summary>
    public List<string> AllowedContentTypes { get; set; } = [];

    /// <summary>Org-unit picker: the level that may be picked (county, town, village, grid; null: any).</summary>
    public string? OrgUnitLevel { get; set; }

    /// <summary>Attachment: largest file in bytes (default 10 MiB).</summary>
    public long? MaxFileSize { get; set; }

    /// <summary>Attachment: allowed extensions such as <c>.pdf</c> (empty: the platform's safe list).</summary>
    public List<string> AllowedExtensions { get; set; } = [];

    /// <summary>How full-text search indexes the field (null: the defaults of <see cref="FieldSearchSettings"/>).</summary>
    public FieldSearchSettings? Search { get; set; }
}

/// <summary>
/// Search settings of a field (in the content type editor): included in the full text, stored for display and
/// highlighting, and/or indexed as one exact keyword. Sensitive fields are never indexed or stored in clear text,
/// whatever these say; an ID number is findable only by exact lookup through a keyed hash.
/// </summary>
public sealed class FieldSearchSettings
{
    /// <summary>Part of the searchable full text (default yes).</summary>
    public bool Included { get; set; } = true;

    /// <summary>Kept in the index so hits can show and highlight it (default no).</summary>
    public bool Stored { get; set; }

    /// <summary>Also indexed unsplit for exact matches and term filters (default no).</summary>
    public bool Keyword { get; set; }
}

/// <summary>An option of a select field.</summary>
public sealed class SelectOption
{
    public string Value { get; set; } = "";

    public string Text { get; set; } = "";
}
