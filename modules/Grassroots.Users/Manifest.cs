using Grassroots.Modules;

[assembly: Module(
    Id = "Grassroots.Users",
    Name = "用户与登录",
    Description = "登录、退出、接口令牌。",
    Category = "安全",
    IsAlwaysEnabled = true)]
