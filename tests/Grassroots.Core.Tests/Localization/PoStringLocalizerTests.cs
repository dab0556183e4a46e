using Grassroots.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Grassroots.Core.Tests.Localization;

public sealed class PoStringLocalizerTests
{
    private readonly PoStringLocalizerFactory _factory = TestStores.Factory();

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("zh")]
    [InlineData("zh-Hans")]
    [InlineData("zh-SG")]
    public void Chinese_cultures_get_the_source_string(string culture)
    {
        using var _ = new CultureScope(culture);
        var localizer = _factory.Create(typeof(PoStringLocalizerTests));

        var text = localizer["保存"];

        Assert.Equal("保存", text.Value);
        Assert.False(text.ResourceNotFound);
    }

    [Fact]
    public void English_gets_the_translation_of_the_type_context()
    {
        using var _ = new CultureScope("en");

        Assert.Equal("Save changes", _factory.Create(typeof(PoStringLocalizerTests))["保存"].Value);
    }

    [Fact]
    public void Other_types_fall_back_to_entries_without_context()
    {
        using var _ = new CultureScope("en");
        var text = _factory.Create(typeof(PoParserTests))["保存"];

        Assert.Equal("Save", text.Value);
        Assert.False(text.ResourceNotFound);
    }

    [Fact]
    public void Specific_culture_falls_back_to_parent_culture()
    {
        using var _ = new CultureScope("en-GB");

        Assert.Equal("Save", _factory.Create(typeof(PoParserTests))["保存"].Value);
    }

    [Theory]
    [InlineData("en", "没有这一条")]
    [InlineData("en", "待定")] // fuzzy
    [InlineData("en", "未翻译")] // empty msgstr
    [InlineData("fr", "保存")] // no fr.po at all
    public void Missing_translations_fall_back_to_Chinese_and_say_so(string culture, string source)
    {
        using var _ = new CultureScope(culture);
        var text = _factory.Create(typeof(PoParserTests))[source];

        Assert.Equal(source, text.Value);
        Assert.True(text.ResourceNotFound);
        Assert.Equal(typeof(PoParserTests).FullName, text.SearchedLocation);
    }

    [Fact]
    public void Formats_arguments_with_the_current_culture()
    {
        var localizer = _factory.Create(typeof(PoParserTests));
        var due = new DateTime(2024, 3, 2);

        using (new CultureScope("en"))
        {
            Assert.Equal("12 records in total", localizer["共 {0} 条记录", 12].Value);
            Assert.Equal("Due 2024-03-02, amount 1,234.50", localizer["截止日期：{0:yyyy-MM-dd}，金额：{1:N2}", due, 1234.5m].Value);
        }

        using (new CultureScope("en", culture: "de-DE"))
        {
            Assert.Equal("Due 2024-03-02, amount 1.234,50", localizer["截止日期：{0:yyyy-MM-dd}，金额：{1:N2}", due, 1234.5m].Value);
        }

        using (new CultureScope("zh-CN"))
        {
            Assert.Equal("共 12 条记录", localizer["共 {0} 条记录", 12].Value);
        }
    }

    [Fact]
    public void GetAllStrings_returns_the_culture_entries_visible_in_the_context()
    {
        var localizer = _factory.Create(typeof(PoStringLocalizerTests));

        using (new CultureScope("en"))
        {
            var all = localizer.GetAllStrings(includeParentCultures: false).ToDictionary(s => s.Name, s => s.Value);

            Assert.Equal("Save changes", all["保存"]);
            Assert.Equal("Grid", all["网格"]);
            Assert.Equal("Home", all["首页"]);
            Assert.DoesNotContain("待定", all.Keys);
            Assert.DoesNotContain("未翻译", all.Keys);
        }

        using (new CultureScope("en-US"))
        {
            Assert.Empty(localizer.GetAllStrings(includeParentCultures: false));
            Assert.Contains(localizer.GetAllStrings(includeParentCultures: true), s => s.Value == "Save changes");
        }

        using (new CultureScope("zh-CN"))
        {
            Assert.Empty(localizer.GetAllStrings(includeParentCultures: true));
        }
    }

    [Fact]
    public void Generic_localizer_from_the_container_uses_the_po_factory()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddGrassrootsLocalization()
            .Configure<PoLocalizationOptions>(o => o.Assemblies.Add(typeof(PoStringLocalizerTests).Assembly));
        using var provider = services.BuildServiceProvider();

        Assert.IsType<PoStringLocalizerFactory>(provider.GetRequiredService<IStringLocalizerFactory>());
        var localizer = provider.GetRequiredService<IStringLocalizer<PoStringLocalizerTests>>();
        using (new CultureScope("en"))
        {
            Assert.Equal("Save changes", localizer["保存"].Value);
        }

        using (new CultureScope("zh-CN"))
        {
            Assert.Equal("保存", localizer["保存"].Value);
        }
    }
}
