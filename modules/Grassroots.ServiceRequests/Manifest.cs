using Grassroots.Modules;

[assembly: Module(
    Id = "Grassroots.ServiceRequests",
    Name = "流水线服务",
    Description = "服务网点与权责清单、办事指南、群众诉求的受理登记—分流交办—限时办结—回访反馈—跟踪问效五步流程、考核指标、公示与 Open311 接口。",
    Category = "流水线服务",
    Dependencies = ["Grassroots.Contents", "Grassroots.Workflows", "Grassroots.Calendar", "Grassroots.Inspections"])]
