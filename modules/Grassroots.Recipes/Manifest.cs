using Grassroots.Modules;

[assembly: Module(
    Id = "Grassroots.Recipes",
    Name = "配方",
    Description = "在管理后台上传并运行配方。",
    Category = "平台",
    Dependencies = ["Grassroots.Themes.Admin"])]
