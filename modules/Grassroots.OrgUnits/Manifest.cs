using Grassroots.Modules;

[assembly: Module(
    Id = "Grassroots.OrgUnits",
    Name = "组织机构",
    Description = "县、镇(街道)、村(社区)、网格组织树与接口。",
    Category = "平台",
    Dependencies = ["Grassroots.Themes.Admin"])]
