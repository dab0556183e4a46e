using Grassroots.Localization;

namespace Grassroots.Core.Tests.Localization;

public sealed class PoTranslationStoreTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("grassroots-l10n-").FullName;

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    [Fact]
    public void Discovers_the_po_file_embedded_in_an_assembly()
    {
        Assert.Contains(
            typeof(PoTranslationStoreTests).Assembly.GetManifestResourceNames(),
            n => n.EndsWith("Localization.en.po", StringComparison.Ordinal));

        var english = TestStores.Embedded().Get("en");

        Assert.True(english.TryGet(null, "保存", out var save));
        Assert.Equal("Save", save);
    }

    [Fact]
    public void Default_scans_loaded_Grassroots_assemblies()
    {
        var english = TestStores.Create([], contentRoot: null).Get("en");

        Assert.True(english.TryGet(null, "网格", out var grid));
        Assert.Equal("Grid", grid);
    }

    [Fact]
    public void Content_root_file_is_merged_and_overrides_modules()
    {
        WritePo("en.po", "msgid \"保存\"\nmsgstr \"Save now\"\n\nmsgid \"仅站点\"\nmsgstr \"Site only\"\n");

        var english = TestStores.Embedded(_contentRoot).Get("en");

        Assert.True(english.TryGet(null, "保存", out var save));
        Assert.Equal("Save now", save);
        Assert.True(english.TryGet(null, "仅站点", out var siteOnly));
        Assert.Equal("Site only", siteOnly);
        Assert.True(english.TryGet(null, "网格", out _));
    }

    [Fact]
    public void Content_root_file_alone_serves_a_specific_culture()
    {
        WritePo("en-US.po", "msgid \"保存\"\nmsgstr \"Save (US)\"\n");
        var factory = new PoStringLocalizerFactory(TestStores.Embedded(_contentRoot));

        using (new CultureScope("en-US"))
        {
            Assert.Equal("Save (US)", factory.Create(typeof(PoTranslationStoreTests))["保存"].Value);
            Assert.Equal("Grid", factory.Create(typeof(PoTranslationStoreTests))["网格"].Value);
        }
    }

    [Fact]
    public void Culture_without_any_file_is_empty()
    {
        Assert.Equal(0, TestStores.Embedded(_contentRoot).Get("fr").Count);
    }

    private void WritePo(string fileName, string content)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_contentRoot, "Localization"));
        File.WriteAllText(Path.Combine(directory.FullName, fileName), content);
    }
}
