using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Data;
using Grassroots.Hosting;
using Grassroots.OrgUnits;
using Grassroots.Search;
using Grassroots.Search.Lucene.Services;
using Grassroots.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Benchmarks;

/// <summary>
/// <c>search [--docs 1000000] [--queries 200] [--postgres "&lt;conn&gt;"]</c>: boots the real app host in-process on a
/// fresh database, generates Chinese case documents of a benchmark type (村 from the seeded org units, i.e.
/// seeds/data/changle-370725.csv), turns each into a Lucene document with the module's
/// <see cref="SearchDocumentBuilder"/> and adds it straight to the node's "staff" <c>IndexWriter</c> (no database rows,
/// no indexing tasks), then times queries through <see cref="ISearchService"/> as town and village users.
/// </summary>
internal static class SearchBenchmark
{
    private const string TypeName = "BenchCase";
    private const string IndexName = "staff";

    public static async Task<int> RunAsync(string[] args)
    {
        string? postgres = null;
        int docs = 1_000_000, queries = 200;
        for (var i = 0; i < args.Length - 1; i += 2)
        {
            switch (args[i])
            {
                case "--postgres": postgres = args[i + 1]; break;
                case "--docs": docs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--queries": queries = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i]}");
            }
        }

        await using var database = await BenchmarkDatabase.CreateAsync(postgres);
        var builder = database.CreateHostBuilder();
        builder.AddGrassroots();
        await using var app = builder.Build();
        var setup = Stopwatch.StartNew();
        await app.UseGrassrootsAsync();
        await app.StartAsync();

        // The node builds the (missing) "staff" index from the database at start-up; wait for it, then keep the
        // background catch-up out of the way while the benchmark writes.
        var manager = app.Services.GetRequiredService<LuceneIndexManager>();
        var until = DateTime.UtcNow.AddMinutes(2);
        LuceneIndex? index;
        while ((index = manager.TryGet(IndexName)) is null || index.NeedsRebuild || index.Progress.Running)
        {
            if (DateTime.UtcNow > until)
            {
                throw new InvalidOperationException("The staff index was not built at start-up.");
            }

            await Task.Delay(50);
        }

        var startDocs = index.DocumentCount;
        Console.WriteLine("Grassroots search benchmark");
        Console.WriteLine($"  machine:  {Machine.Describe()}");
        Console.WriteLine($"  runtime:  {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}");
        Console.WriteLine($"  database: {database.Describe()}");
        Console.WriteLine($"  index:    \"{IndexName}\" ({index.AnalyzerName}) at {index.Path}, {startDocs:N0} documents from the recipe");
        Console.WriteLine($"  host set up (migrations + county recipe + index build) in {setup.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine();

        List<OrgUnit> units;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await DefineTypeAsync(scope.ServiceProvider);
            units = await scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext.Set<OrgUnit>().AsNoTracking().ToListAsync();
        }

        var villages = units.Where(u => u.Level == OrgUnitLevel.Village).OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        var towns = units.Where(u => u.Level == OrgUnitLevel.Town).ToDictionary(u => u.Code, StringComparer.Ordinal);

        await index.Gate.WaitAsync();
        try
        {
            await IndexAsync(app.Services, index, villages, docs);
        }
        finally
        {
            index.Gate.Release();
        }

        var bytes = Directory.EnumerateFiles(index.Path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"    index size on disk: {bytes / 1024.0 / 1024.0:N1} MiB ({index.DocumentCount:N0} documents, {bytes / (double)Math.Max(1, index.DocumentCount):N0} bytes/document)");

        // LuceneIndexManager.Open runs this check on an existing index at every start-up of a node.
        var check = Stopwatch.StartNew();
        using (var directory = global::Lucene.Net.Store.FSDirectory.Open(index.Path))
        {
            var status = new global::Lucene.Net.Index.CheckIndex(directory).DoCheckIndex();
            Console.WriteLine($"    start-up integrity check (CheckIndex, as LuceneIndexManager.Open does at every start): {check.Elapsed.TotalSeconds:0.0} s, clean: {status.Clean}");
        }
        Console.WriteLine();

        await QueryAsync(app.Services, villages, towns, queries, docs);
        await app.StopAsync();
        return 0;
    }

    private static readonly string[] Categories =
    [
        "自来水管道破裂", "道路破损", "低保申请", "邻里纠纷", "路灯不亮", "垃圾清运不及时", "违章建筑", "噪音扰民", "供暖不热",
        "下水道堵塞", "危房改造", "医保报销咨询", "养老保险缴费", "土地承包纠纷", "宅基地纠纷", "农田灌溉用水", "残疾人补贴申请",
        "临时救助申请", "独居老人帮扶", "环境卫生整治", "秸秆焚烧", "河道污染", "电线私拉乱接", "安全隐患排查",
    ];

    private static readonly string[] Places = ["东头", "西头", "村口", "南街", "北街", "一组", "二组", "三组", "四组", "五组", "小学门口", "卫生室旁", "文化广场", "生产路"];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "郑", "秦", "韩", "曹", "袁"];

    private static readonly string[] Given = ["建国", "秀英", "玉兰", "志强", "桂芳", "明", "伟", "芳", "军", "海燕", "丽", "建华", "淑珍", "立新", "春梅", "国庆", "红霞", "文", "德胜", "金凤"];

    private static readonly string[] Details =
    [
        "群众反映{0}情况已持续多日，影响周边{1}户居民正常生活，请尽快安排人员处理。",
        "{2}来电反映{0}，网格员已到现场核实，情况属实，需镇街协调解决。",
        "走访中发现{0}问题，{2}希望村委会尽快答复并跟进办理结果。",
        "{2}到便民服务中心办理{0}相关事项，材料已收齐，等待审核。",
        "经排查，{0}涉及{1}户，已登记台账，建议列入本月重点督办事项。",
    ];

    private static readonly (string Value, string Text, int Weight)[] Statuses =
    [
        ("accepted", "已受理", 15), ("processing", "办理中", 25), ("done", "已办结", 50), ("returned", "已退回", 5), ("overdue", "已超期", 5),
    ];

    private static async Task DefineTypeAsync(IServiceProvider services)
    {
        var statusOptions = new JsonArray([.. Statuses.Select(s => (JsonNode)new JsonObject { ["value"] = s.Value, ["text"] = s.Text })]);
        var categoryOptions = new JsonArray([.. Categories.Select(c => (JsonNode)new JsonObject { ["value"] = c, ["text"] = c })]);
        var json = new JsonObject
        {
            ["name"] = TypeName,
            ["displayName"] = "基准：服务事项",
            ["settings"] = new JsonObject { ["securable"] = true, ["orgUnitLevel"] = "village" },
            ["fields"] = new JsonArray(
                new JsonObject { ["name"] = "Summary", ["displayName"] = "事项摘要", ["kind"] = "Text" },
                new JsonObject { ["name"] = "Category", ["displayName"] = "类别", ["kind"] = "Select", ["settings"] = new JsonObject { ["options"] = categoryOptions } },
                new JsonObject { ["name"] = "Details", ["displayName"] = "详细情况", ["kind"] = "MultilineText" },
                new JsonObject { ["name"] = "Applicant", ["displayName"] = "反映人", ["kind"] = "Text" },
                new JsonObject { ["name"] = "ReportedDate", ["displayName"] = "反映日期", ["kind"] = "Date" },
                new JsonObject { ["name"] = "Status", ["displayName"] = "办理状态", ["kind"] = "Select", ["settings"] = new JsonObject { ["options"] = statusOptions } },
                new JsonObject { ["name"] = "Deadline", ["displayName"] = "办结期限", ["kind"] = "Date" }),
        };
        var definition = json.Deserialize<ContentTypeDefinition>(GrassrootsJson.Options)!;
        var errors = await services.GetRequiredService<IContentDefinitionManager>().StoreTypeDefinitionAsync(definition);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))));
        }
    }

    private sealed record Generated(ContentItemRecord Record, ContentItem Item);

    /// <summary>Document <paramref name="n"/> (deterministic: the same n always gives the same case).</summary>
    private static Generated Generate(int n, List<OrgUnit> villages, DateTime end)
    {
        var random = new Random(unchecked(n * 7919 + 17));
        var village = villages[random.Next(villages.Count)];
        var category = Categories[random.Next(Categories.Length)];
        var place = Places[random.Next(Places.Length)];
        var name = Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)];
        var reported = end.AddMinutes(-random.Next(2 * 365 * 24 * 60));
        var pick = random.Next(100);
        var status = Statuses[^1];
        foreach (var s in Statuses)
        {
            if (pick < s.Weight)
            {
                status = s;
                break;
            }

            pick -= s.Weight;
        }

        var summary = $"{ShortName(village.Name)}{place}{category}";
        var details = string.Format(CultureInfo.InvariantCulture, Details[random.Next(Details.Length)], category, random.Next(1, 60), name);
        var modified = reported.AddHours(random.Next(0, 24 * 20));
        var id = $"bench{n:D9}";
        var record = new ContentItemRecord
        {
            Id = n + 1_000_000,
            ContentItemId = id,
            ContentItemVersionId = id + "v1",
            ContentType = TypeName,
            DisplayText = summary,
            OrgUnitCode = village.Code,
            OrgPath = village.Path,
            Latest = true,
            Published = true,
            Number = 1,
            CreatedUtc = reported,
            ModifiedUtc = modified,
            PublishedUtc = modified,
        };
        var item = new ContentItem
        {
            ContentItemId = id,
            ContentItemVersionId = record.ContentItemVersionId,
            ContentType = TypeName,
            DisplayText = summary,
            OrgUnitCode = village.Code,
            Latest = true,
            Published = true,
            Number = 1,
            CreatedUtc = reported,
            ModifiedUtc = modified,
            PublishedUtc = modified,
        };
        item.SetFieldValue(TypeName, "Summary", JsonValue.Create(summary));
        item.SetFieldValue(TypeName, "Category", JsonValue.Create(category));
        item.SetFieldValue(TypeName, "Details", JsonValue.Create(details));
        item.SetFieldValue(TypeName, "Applicant", JsonValue.Create(name));
        item.SetFieldValue(TypeName, "ReportedDate", JsonValue.Create(BusinessDate(reported)));
        item.SetFieldValue(TypeName, "Status", JsonValue.Create(status.Value));
        item.SetFieldValue(TypeName, "Deadline", JsonValue.Create(BusinessDate(reported.AddDays(15))));
        return new Generated(record, item);
    }

    /// <summary>What people call the village: 山坡村村民委员会 → 山坡村, 牟家村民委员会 → 牟家村, 恒盛社区居民委员会 → 恒盛社区.</summary>
    internal static string ShortName(string name)
    {
        foreach (var (suffix, kind) in new[] { ("村民委员会", "村"), ("村委会", "村"), ("社区居民委员会", "社区"), ("居民委员会", "社区") })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                var stem = name[..^suffix.Length];
                return stem.EndsWith(kind, StringComparison.Ordinal) ? stem : stem + kind;
            }
        }

        return name;
    }

    private static string BusinessDate(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task IndexAsync(IServiceProvider services, LuceneIndex index, List<OrgUnit> villages, int docs)
    {
        var workers = Environment.ProcessorCount;
        Console.WriteLine($"(a) indexing {docs:N0} generated case documents: each built by SearchDocumentBuilder (SmartChineseAnalyzer) and added");
        Console.WriteLine($"    to the node's IndexWriter directly ({workers} parallel builders, one writer, one commit at the end)…");
        var end = DateTime.UtcNow;
        var done = 0;
        var watch = Stopwatch.StartNew();
        var step = Math.Max(1, docs / 10);
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            await using var scope = services.CreateAsyncScope();
            var builder = scope.ServiceProvider.GetRequiredService<SearchDocumentBuilder>();
            for (var n = w; n < docs; n += workers)
            {
                var generated = Generate(n, villages, end);
                index.Writer.AddDocument(await builder.BuildAsync(generated.Record, generated.Item));
                var count = Interlocked.Increment(ref done);
                if (count % step == 0)
                {
                    Console.WriteLine($"    {count,11:N0} documents, {watch.Elapsed.TotalSeconds,7:0.0} s, {count / watch.Elapsed.TotalSeconds,7:N0} docs/s");
                }
            }
        })).ToList();
        await Task.WhenAll(tasks);
        var added = watch.Elapsed;
        index.Writer.Commit();
        index.Searchers.MaybeRefreshBlocking();
        watch.Stop();
        Console.WriteLine($"    added in {added.TotalSeconds:0.0} s, committed and searchable after {watch.Elapsed.TotalSeconds:0.0} s: " +
            $"{docs / watch.Elapsed.TotalSeconds:N0} docs/s overall (generation + document building + analysis + commit)");
    }

    private static async Task<ClaimsPrincipal> UserAsync(IServiceProvider services, string userName, string orgUnitCode, string role)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GrassrootsUser>>();
        var user = new GrassrootsUser { UserName = userName, DisplayName = userName, OrgUnitCode = orgUnitCode, CreatedUtc = DateTime.UtcNow };
        var result = await users.CreateAsync(user, "Bench-User-2026-pw");
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, role);
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }

        return await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<GrassrootsUser>>().CreateAsync(user);
    }

    private static async Task QueryAsync(IServiceProvider services, List<OrgUnit> villages, Dictionary<string, OrgUnit> towns, int count, int docCount)
    {
        // A town user and a village user per town of the county: queries alternate between them.
        var random = new Random(42);
        var people = new List<(string Scope, string Code, ClaimsPrincipal User)>();
        var t = 0;
        foreach (var town in towns.Values.OrderBy(x => x.Code, StringComparer.Ordinal))
        {
            var village = villages.Where(v => v.ParentCode == town.Code).OrderBy(v => v.Code, StringComparer.Ordinal).FirstOrDefault();
            people.Add(("town", town.Code, await UserAsync(services, $"bench-town-{t}", town.Code, "TownStaff")));
            if (village is not null)
            {
                people.Add(("village", village.Code, await UserAsync(services, $"bench-village-{t}", village.Code, "VillageStaff")));
            }

            t++;
        }

        string[] words = ["自来水", "管道", "破裂", "路灯", "低保", "纠纷", "维修", "补贴", "申请", "老人", "垃圾", "网格员", "村委会", "镇街", "督办", "台账", "现场", "反映"];
        var end = DateTime.UtcNow;

        // Three in four queries take their words from a real case in the user's jurisdiction (what a clerk remembers:
        // the category, the place, the person, the village); the rest are random words of the vocabulary.
        string Query((string Scope, string Code, ClaimsPrincipal User) person, int wordCount)
        {
            if (random.Next(4) == 0)
            {
                return string.Join(' ', Enumerable.Range(0, wordCount).Select(_ => random.Next(3) switch
                {
                    0 => Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)],
                    1 => Categories[random.Next(Categories.Length)],
                    _ => words[random.Next(words.Length)],
                }));
            }

            Generated doc;
            do
            {
                doc = Generate(random.Next(docCount), villages, end);
            }
            while (!doc.Record.OrgPath.Contains($"/{person.Code}/", StringComparison.Ordinal));

            var candidates = new List<string>
            {
                doc.Item.GetFieldValue(TypeName, "Category")!.GetValue<string>(),
                doc.Item.GetFieldValue(TypeName, "Applicant")!.GetValue<string>(),
                ShortName(villages.First(v => v.Code == doc.Record.OrgUnitCode).Name),
                Places.First(p => doc.Record.DisplayText.Contains(p, StringComparison.Ordinal)),
            };
            return string.Join(' ', candidates.OrderBy(_ => random.Next()).Take(wordCount));
        }

        var warmUp = 20;
        var latencies = new List<double>();
        var byWords = new Dictionary<int, List<double>> { [1] = [], [2] = [], [3] = [] };
        long totals = 0;
        var zero = 0;
        var samples = new List<string>();
        for (var q = -warmUp; q < count; q++)
        {
            var wordCount = 1 + random.Next(3);
            var person = people[random.Next(people.Count)];
            var text = Query(person, wordCount);
            var watch = Stopwatch.StartNew();
            SearchResult result;
            await using (var scope = services.CreateAsyncScope())
            {
                result = await scope.ServiceProvider.GetRequiredService<ISearchService>().SearchAsync(person.User, new SearchRequest { Text = text, PageSize = 20 });
            }

            watch.Stop();
            if (person.Scope == "village" && result.Hits.Any(h => h.OrgUnitCode != person.Code))
            {
                throw new InvalidOperationException($"A village user ({person.Code}) got a hit outside the village for {text}.");
            }

            if (q < 0)
            {
                continue;
            }

            latencies.Add(watch.Elapsed.TotalMilliseconds);
            byWords[wordCount].Add(watch.Elapsed.TotalMilliseconds);
            totals += result.Total;
            zero += result.Total == 0 ? 1 : 0;
            if (samples.Count < 6 && result.Total > 0)
            {
                var facets = string.Join("; ", result.Facets.Where(f => f.Value.Count > 0).Select(f => $"{f.Key}: {string.Join(", ", f.Value.Take(3).Select(v => $"{v.Label} {v.Count:N0}"))}{(f.Value.Count > 3 ? $" …(+{f.Value.Count - 3})" : "")}"));
                samples.Add($"      [{person.Scope} {person.Code}] \"{text}\": {result.Total:N0} hits in {watch.Elapsed.TotalMilliseconds:0.0} ms; {facets}");
            }
        }

        Console.WriteLine($"(b) {count} queries of 1–3 words (after {warmUp} warm-up), ISearchService in its own scope each, page of 20 with highlights and");
        Console.WriteLine($"    facets (type, town, village, status, month), as {people.Count / 2} town users (TownStaff) and {people.Count - people.Count / 2} village users (VillageStaff), alternating at random:");
        Console.WriteLine($"    latency: p50 {Stats.Percentile(Sorted(latencies), 0.5):0.0} ms, p95 {Stats.Percentile(Sorted(latencies), 0.95):0.0} ms, max {latencies.Max():0.0} ms");
        foreach (var (n, list) in byWords)
        {
            if (list.Count > 0)
            {
                Console.WriteLine($"      {n} word{(n > 1 ? "s" : " ")}: {list.Count,3} queries, p50 {Stats.Percentile(Sorted(list), 0.5):0.0} ms, p95 {Stats.Percentile(Sorted(list), 0.95):0.0} ms");
            }
        }

        Console.WriteLine($"    hits per query: mean {totals / (double)Math.Max(1, count):N0}; {zero} queries with no hit");
        Console.WriteLine("    examples:");
        foreach (var sample in samples)
        {
            Console.WriteLine(sample);
        }
    }

    private static List<double> Sorted(List<double> values)
    {
        var copy = new List<double>(values);
        copy.Sort();
        return copy;
    }
}
