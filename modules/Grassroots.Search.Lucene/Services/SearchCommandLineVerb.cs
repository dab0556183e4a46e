using Grassroots.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Search.Lucene.Services;

/// <summary><c>search rebuild &lt;index&gt;</c> and <c>search reset &lt;index&gt;</c> on the command line.</summary>
internal sealed class SearchCommandLineVerb : ICommandLineVerb
{
    public string Name => "search";

    public async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        if (args.Count != 2 || args[0] is not ("rebuild" or "reset"))
        {
            await output.WriteLineAsync("用法：search rebuild <索引名> | search reset <索引名>");
            return 2;
        }

        var store = services.GetRequiredService<SearchIndexStore>();
        if (await store.GetAsync(args[1], cancellationToken) is null)
        {
            await output.WriteLineAsync($"检索索引 {args[1]} 不存在。");
            return 1;
        }

        var indexer = services.GetRequiredService<ISearchIndexer>();
        if (args[0] == "reset")
        {
            await indexer.ResetAsync(args[1], cancellationToken);
            await output.WriteLineAsync($"检索索引 {args[1]} 的游标已重置为 0。");
            return 0;
        }

        var last = -1;
        await indexer.RebuildAsync(args[1], new SyncProgress(p =>
        {
            var percent = p.Total == 0 ? 100 : p.Done * 100 / p.Total;
            if (percent != last)
            {
                last = percent;
                output.WriteLine($"重建 {args[1]}：{p.Done}/{p.Total}（{percent}%）");
            }
        }), cancellationToken);
        await output.WriteLineAsync($"检索索引 {args[1]} 重建完成。");
        return 0;
    }

    private sealed class SyncProgress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
