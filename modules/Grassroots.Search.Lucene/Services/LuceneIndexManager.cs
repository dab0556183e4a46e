using System.Collections.Concurrent;
using System.Globalization;
using Grassroots.Hosting;
using Grassroots.Search.Lucene.Models;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging;

namespace Grassroots.Search.Lucene.Services;

/// <summary>Progress of a rebuild, polled by the dashboard.</summary>
public sealed record RebuildProgress(bool Running, int Done, int Total, string? Error, DateTime? FinishedUtc);

/// <summary>One open index on this node: its single writer, a searcher manager, the cursor file.</summary>
public sealed class LuceneIndex : IDisposable
{
    private const string CursorFile = "cursor.txt";

    internal LuceneIndex(string name, string path, string analyzerName, IndexWriter writer, FSDirectory directory, Analyzer analyzer)
    {
        Name = name;
        Path = path;
        AnalyzerName = analyzerName;
        Writer = writer;
        Directory = directory;
        Analyzer = analyzer;
        Searchers = new SearcherManager(writer, true, null);
        Cursor = ReadCursor();
    }

    public string Name { get; }

    public string Path { get; }

    public string AnalyzerName { get; }

    public Analyzer Analyzer { get; }

    public IndexWriter Writer { get; }

    internal FSDirectory Directory { get; }

    public SearcherManager Searchers { get; }

    /// <summary>Serialises applying tasks and rebuilds on this node.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The id of the last indexing task applied.</summary>
    public long Cursor { get; private set; }

    public DateTime? LastAppliedUtc { get; set; }

    /// <summary>Set when the folder was missing or corrupt: the background service rebuilds it.</summary>
    public bool NeedsRebuild { get; set; }

    /// <summary>The definition the documents were built with (analyzer, versions, types).</summary>
    internal string Fingerprint { get; set; } = "";

    public RebuildProgress Progress { get; set; } = new(false, 0, 0, null, null);

    /// <summary>Recently applied task ids (lookback for transactions that committed out of id order).</summary>
    internal Dictionary<long, DateTime> RecentTasks { get; } = [];

    public int DocumentCount
    {
        get
        {
            var searcher = Searchers.Acquire();
            try
            {
                return searcher.IndexReader.NumDocs;
            }
            finally
            {
                Searchers.Release(searcher);
            }
        }
    }

    public void SetCursor(long cursor)
    {
        var file = System.IO.Path.Combine(Path, CursorFile);
        var temp = file + ".tmp";
        File.WriteAllText(temp, cursor.ToString(CultureInfo.InvariantCulture));
        File.Move(temp, file, overwrite: true);
        Cursor = cursor;
    }

    private long ReadCursor()
    {
        var file = System.IO.Path.Combine(Path, CursorFile);
        return File.Exists(file) && long.TryParse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture, out var c) ? c : 0;
    }

    public void Dispose()
    {
        Searchers.Dispose();
        Writer.Dispose();
        Directory.Dispose();
        Analyzer.Dispose();
        Gate.Dispose();
    }
}

/// <summary>
/// Singleton owner of the node's Lucene indexes under <c>{DataPath}/search/{index}/</c>: exactly one
/// <see cref="IndexWriter"/> per index per process.
/// </summary>
public sealed class LuceneIndexManager(IGrassrootsEnvironment environment, ILogger<LuceneIndexManager> logger,
    Microsoft.Extensions.Configuration.IConfiguration configuration) : IDisposable
{
    /// <summary><c>Search:FullCheckOnStartup</c>: run Lucene's full CheckIndex on open (slow on large indexes).</summary>
    private bool FullCheckOnStartup => string.Equals(configuration["Search:FullCheckOnStartup"], "true", StringComparison.OrdinalIgnoreCase);

    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly ConcurrentDictionary<string, LuceneIndex> _indexes = new(StringComparer.Ordinal);
    private readonly System.Threading.Lock _lock = new();

    private const string DefinitionFile = "definition.txt";

    /// <summary>What the documents depend on: a different fingerprint in the folder means rebuild.</summary>
    private static string Fingerprint(SearchIndexRecord d)
        => $"{d.Analyzer}|{d.Versions}|{string.Join(",", d.TypeList.Order(StringComparer.Ordinal))}|{DocumentFormat}";

    /// <summary>
    /// The shape of the documents <see cref="SearchDocumentBuilder"/> writes; raising it rebuilds every index once
    /// (2: masked display texts no longer indexed in clear; 3: the own org path and the published flag, for publications).
    /// </summary>
    private const int DocumentFormat = 3;

    public string Root => System.IO.Path.Combine(environment.DataPath, "search");

    /// <summary>
    /// The index's analyzer, and CJK bigrams for <see cref="SearchFields.Bigrams"/>: SmartCn segments a word
    /// differently in different contexts (路灯 alone, 路/灯 in 村口路灯损坏), so the bigram field keeps recall.
    /// </summary>
    public static Analyzer CreateAnalyzer(string name) => new PerFieldAnalyzerWrapper(
        name == SearchAnalyzers.Standard ? new StandardAnalyzer(Version) : new SmartChineseAnalyzer(Version),
        new Dictionary<string, Analyzer> { [SearchFields.Bigrams] = new CJKAnalyzer(Version) });

    public LuceneIndex? TryGet(string name) => _indexes.TryGetValue(name, out var index) ? index : null;

    /// <summary>Opens (or creates) the index; a missing or unreadable folder is recreated empty and flagged for rebuild.</summary>
    public LuceneIndex Open(SearchIndexRecord definition)
    {
        if (_indexes.TryGetValue(definition.Name, out var open))
        {
            if (open.AnalyzerName == definition.Analyzer)
            {
                if (open.Fingerprint != Fingerprint(definition))
                {
                    // Types or versions changed (maybe on another node): the documents must be rebuilt.
                    open.Fingerprint = Fingerprint(definition);
                    File.WriteAllText(System.IO.Path.Combine(open.Path, DefinitionFile), open.Fingerprint);
                    open.NeedsRebuild = true;
                }

                return open;
            }

            Close(definition.Name);
        }

        lock (_lock)
        {
            if (_indexes.TryGetValue(definition.Name, out open))
            {
                return open;
            }

            var path = System.IO.Path.Combine(Root, definition.Name);
            var missing = !System.IO.Directory.Exists(path) || !File.Exists(System.IO.Path.Combine(path, "cursor.txt"));
            LuceneIndex index;
            try
            {
                index = Create(definition, path, missing);
            }
            catch (Exception ex) when (ex is not LockObtainFailedException)
            {
                logger.LogWarning(ex, "Search index {Index} is corrupt; it is recreated and rebuilt", definition.Name);
                TryDelete(path);
                index = Create(definition, path, true);
            }

            var definitionFile = System.IO.Path.Combine(path, DefinitionFile);
            index.Fingerprint = Fingerprint(definition);
            if (!File.Exists(definitionFile) || File.ReadAllText(definitionFile) != index.Fingerprint)
            {
                index.NeedsRebuild = true;
                File.WriteAllText(definitionFile, index.Fingerprint);
            }

            _indexes[definition.Name] = index;
            return index;
        }
    }

    private LuceneIndex Create(SearchIndexRecord definition, string path, bool fresh)
    {
        if (fresh)
        {
            TryDelete(path);
        }

        System.IO.Directory.CreateDirectory(path);
        var directory = FSDirectory.Open(path);
        var analyzer = CreateAnalyzer(definition.Analyzer);
        try
        {
            if (!fresh && DirectoryReader.IndexExists(directory))
            {
                // Opening a reader reads the commit point and every segment's headers: a cheap check (a full CheckIndex
                // took 84 s on a 1M-document index). Search:FullCheckOnStartup=true runs the full check instead.
                if (FullCheckOnStartup)
                {
                    var status = new CheckIndex(directory).DoCheckIndex();
                    if (!status.Clean)
                    {
                        throw new CorruptIndexException($"CheckIndex reports a damaged index at {path}");
                    }
                }
                else
                {
                    using var reader = DirectoryReader.Open(directory);
                    _ = reader.NumDocs;
                }
            }
            else if (!fresh)
            {
                fresh = true;
            }

            var config = new IndexWriterConfig(Version, analyzer) { OpenMode = fresh ? OpenMode.CREATE : OpenMode.CREATE_OR_APPEND };
            var writer = new IndexWriter(directory, config);
            if (fresh)
            {
                writer.Commit();
            }

            var index = new LuceneIndex(definition.Name, path, definition.Analyzer, writer, directory, analyzer) { NeedsRebuild = fresh };
            if (fresh)
            {
                index.SetCursor(0);
            }

            return index;
        }
        catch
        {
            analyzer.Dispose();
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Closes the index and deletes its folder (index deleted or dropped).</summary>
    public void Drop(string name)
    {
        lock (_lock)
        {
            Close(name);
            TryDelete(System.IO.Path.Combine(Root, name));
        }
    }

    private void Close(string name)
    {
        if (_indexes.TryRemove(name, out var index))
        {
            index.Dispose();
        }
    }

    private static void TryDelete(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            System.IO.Directory.Delete(path, recursive: true);
        }
    }

    public void Dispose()
    {
        foreach (var name in _indexes.Keys.ToList())
        {
            Close(name);
        }
    }
}
