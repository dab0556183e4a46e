using Grassroots.Modules;

[assembly: Module(
    Id = "Grassroots.Calendar",
    Name = "工作日历",
    Description = "法定节假日与调休上班安排，工作日推算（管理后台和接口）。",
    Category = "平台",
    Dependencies = ["Grassroots.Themes.Admin"])]
