using Grassroots.Localization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Localization;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;

namespace Grassroots.Core.Tests.Localization;

public sealed class ViewLocalizerTests
{
    [Theory]
    [InlineData("Grassroots.Web.Views.Home.Index", "Grassroots.Web", "Views.Home.Index")]
    [InlineData("Grassroots.Web.Areas.Grassroots.Grids.Views.Admin.Index", "Grassroots.Web", "Grassroots.Grids.Views.Admin.Index")]
    [InlineData("Other.Base", "Grassroots.Web", "Other.Base")]
    public void View_base_name_maps_to_the_view_path_context(string baseName, string location, string context)
    {
        Assert.Equal(context, PoStringLocalizerFactory.ContextFor(baseName, location));
    }

    [Theory]
    [InlineData("/Views/Home/Index.cshtml", "首页", "Home page")]
    [InlineData("/Views/Shared/_Layout.cshtml", "首页", "Home")]
    [InlineData("/Areas/Grassroots.Grids/Views/Admin/Index.cshtml", "网格", "Grids (admin)")]
    [InlineData("/Areas/Grassroots.Grids/Views/Admin/Edit.cshtml", "网格", "Grid")]
    public void IViewLocalizer_uses_the_view_path_as_context(string viewPath, string source, string english)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IWebHostEnvironment>(new TestWebHostEnvironment())
            .AddGrassrootsLocalization()
            .Configure<PoLocalizationOptions>(o => o.Assemblies.Add(typeof(ViewLocalizerTests).Assembly));
        using var provider = services.BuildServiceProvider();
        var localizer = provider.GetRequiredService<IViewLocalizer>();
        ((IViewContextAware)localizer).Contextualize(new ViewContext { ExecutingFilePath = viewPath });

        using (new CultureScope("en"))
        {
            Assert.Equal(english, localizer[source].Value);
        }

        using (new CultureScope("zh-CN"))
        {
            Assert.Equal(source, localizer[source].Value);
        }
    }

    private sealed class TestWebHostEnvironment : IWebHostEnvironment
    {
        public string ApplicationName { get; set; } = "Grassroots.Web";
        public string EnvironmentName { get; set; } = "Testing";
        public string WebRootPath { get; set; } = "";
        public string ContentRootPath { get; set; } = "";
        public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
