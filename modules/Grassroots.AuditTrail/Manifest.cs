using Grassroots.Modules;

[assembly: Module(
    Id = "Grassroots.AuditTrail",
    Name = "审计日志",
    Description = "防篡改的审计日志：登录、内容变更、权限与功能变更、配方执行等；可校验哈希链，按保留期限清理。",
    Category = "安全",
    Dependencies = ["Grassroots.Themes.Admin"],
    IsAlwaysEnabled = true)]
