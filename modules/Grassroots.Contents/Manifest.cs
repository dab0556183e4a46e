using Grassroots.Modules;

[assembly: Module(
    Id = "Grassroots.Contents",
    Name = "内容管理",
    Description = "任何内容类型的列表、创建、编辑、预览、发布、版本与回收站，以及内容接口。",
    Category = "内容",
    Dependencies = ["Grassroots.Themes.Admin"])]
