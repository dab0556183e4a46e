using Grassroots.Modules;

[assembly: Module(
    Id = "Grassroots.Inspections",
    Name = "督查评论",
    Description = "两代表一委员（督查员）对事项和单位的只读督查与评论。",
    Category = "跟踪问效",
    Dependencies = ["Grassroots.Contents"])]
