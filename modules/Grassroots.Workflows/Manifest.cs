using Grassroots.Modules;

[assembly: Module(
    Id = "Grassroots.Workflows",
    Name = "工作流",
    Description = "可视化设计的版本化工作流：内容事件、待办、期限、通知与后台定时执行。",
    Category = "流程",
    Dependencies = ["Grassroots.Contents", "Grassroots.Calendar"])]
