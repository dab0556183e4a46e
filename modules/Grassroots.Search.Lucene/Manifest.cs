using Grassroots.Modules;

[assembly: Module(
    Id = "Grassroots.Search.Lucene",
    Name = "全文检索",
    Description = "基于 Lucene.Net 的中文全文检索：索引定义、跨节点增量索引、按辖区和权限过滤的检索服务。",
    Category = "检索",
    Dependencies = ["Grassroots.Contents"])]
