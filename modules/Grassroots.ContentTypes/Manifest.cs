using Grassroots.Modules;

[assembly: Module(
    Id = "Grassroots.ContentTypes",
    Name = "内容类型",
    Description = "在管理后台定义内容类型、部件和字段，无需编写代码。",
    Category = "内容",
    Dependencies = ["Grassroots.Contents"])]
