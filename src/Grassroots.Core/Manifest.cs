using Grassroots.Modules;

[assembly: Module(
    Id = "Grassroots.Core",
    Name = "平台核心",
    Description = "模块与功能、数据、内容、组织机构、配方、安全。",
    Category = "平台",
    IsAlwaysEnabled = true)]
