using Grassroots.Modules;

[assembly: Module(
    Id = "Grassroots.Features",
    Name = "功能管理",
    Description = "在管理后台和接口中启用、停用功能。",
    Category = "平台",
    Dependencies = ["Grassroots.Themes.Admin"],
    IsAlwaysEnabled = true)]
