using Grassroots.Modules;

[assembly: Module(
    Id = "Grassroots.Themes.Portal",
    Name = "门户主题",
    Description = "面向群众的门户网站外壳与首页。",
    Category = "主题")]
