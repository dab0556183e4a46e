using Grassroots.Modules;

[assembly: Module(
    Id = "Grassroots.Themes.Admin",
    Name = "管理后台主题",
    Description = "管理后台的外壳：菜单、页头、适配手机。",
    Category = "主题",
    IsAlwaysEnabled = true)]
