using Grassroots.Localization;

namespace Grassroots.Core.Tests.Localization;

public sealed class PoParserTests
{
    private const string Sample = """
        # Translator comment
        msgid ""
        msgstr ""
        "Project-Id-Version: Grassroots\n"
        "Language: en\n"

        #. Extracted comment
        #: Views/Home/Index.cshtml:12
        msgid "保存"
        msgstr "Save"

        msgctxt "Grassroots.Grids.GridController"
        msgid "保存"
        msgstr "Save grid"

        msgid "{0} 户"
        msgid_plural "{0} 户"
        msgstr[0] "{0} household"
        msgstr[1] "{0} households"

        msgid ""
        "第一行\n"
        "第二行"
        msgstr ""
        "First line\n"
        "Second line"

        msgid "引号\"、反斜杠\\、制表\t"
        msgstr "Quote \", backslash \\, tab\t, unknown \q"
        msgid "紧接上一条"
        msgstr "Right after the previous one"
        #, fuzzy, csharp-format
        msgid "待定"
        msgstr "Pending"

        #~ msgid "过时"
        #~ msgstr "Obsolete"
        #| msgid "之前的原文"
        msgid "未翻译"
        msgstr ""
        """;

    [Fact]
    public void Parses_entries_and_skips_header_and_obsolete()
    {
        var entries = PoParser.Parse(Sample);

        Assert.Equal(
            ["保存", "保存", "{0} 户", "第一行\n第二行", "引号\"、反斜杠\\、制表\t", "紧接上一条", "待定", "未翻译"],
            entries.Select(e => e.Id));
    }

    [Fact]
    public void Reads_context()
    {
        var entries = PoParser.Parse(Sample);

        Assert.Null(entries[0].Context);
        Assert.Equal("Grassroots.Grids.GridController", entries[1].Context);
        Assert.Equal("Save grid", entries[1].Translations[0]);
    }

    [Fact]
    public void Reads_plural_forms()
    {
        var plural = PoParser.Parse(Sample)[2];

        Assert.Equal("{0} 户", plural.IdPlural);
        Assert.Equal(["{0} household", "{0} households"], plural.Translations);
    }

    [Fact]
    public void Joins_continuation_lines()
    {
        var multiLine = PoParser.Parse(Sample)[3];

        Assert.Equal("First line\nSecond line", multiLine.Translations[0]);
    }

    [Fact]
    public void Unescapes_sequences_and_keeps_unknown_ones()
    {
        var escaped = PoParser.Parse(Sample)[4];

        Assert.Equal("Quote \", backslash \\, tab\t, unknown \\q", escaped.Translations[0]);
    }

    [Fact]
    public void Reads_fuzzy_flag_and_empty_translation()
    {
        var entries = PoParser.Parse(Sample);

        Assert.True(entries[6].IsFuzzy);
        Assert.False(entries[5].IsFuzzy);
        Assert.Equal("", entries[7].Translations[0]);
        Assert.False(entries[7].IsFuzzy);
    }

    [Fact]
    public void Accepts_crlf_line_endings_and_tolerates_garbage()
    {
        var entries = PoParser.Parse("msgid \"是\"\r\nmsgstr \"Yes\"\r\nnonsense line\r\n\r\nmsgid \"否\"\r\nmsgstr \"No\"\r\n");

        Assert.Equal(["Yes", "No"], entries.Select(e => e.Translations[0]));
    }

    [Fact]
    public void Gaps_in_plural_indexes_become_empty_forms()
    {
        var entry = Assert.Single(PoParser.Parse("msgid \"a\"\nmsgid_plural \"b\"\nmsgstr[1] \"B\"\n"));

        Assert.Equal(["", "B"], entry.Translations);
    }
}
