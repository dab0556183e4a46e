using System.Globalization;
using System.Text.Json;
using Grassroots.Hosting;

namespace Grassroots.Audit;

/// <summary>
/// The newest anchor this node wrote, kept outside the database at <c>{DataPath}/audit/anchor.json</c> and signed with
/// the audit key: the entry it names must still be in the trail (or trimmed by retention), so deleting the newest
/// entries is detected by verify.
/// </summary>
internal sealed class AuditAnchorFile(IGrassrootsEnvironment environment, AuditKey key)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string FilePath => Path.Combine(environment.DataPath, "audit", "anchor.json");

    public async Task WriteAsync(AuditAnchor anchor, CancellationToken cancellationToken)
    {
        var stored = new StoredAnchor(anchor.Sequence, anchor.Hash, anchor.EntryCount, anchor.CreatedUtc, key.Sign(Canonical(anchor)));
        var path = FilePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Gate.WaitAsync(cancellationToken);
        try
        {
            // Write aside and rename, so a crash never leaves half a file.
            var temporary = path + ".tmp";
            await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(stored), cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The stored anchor; null when none was written yet; <see cref="AnchorReadResult.IsTampered"/> when its signature fails.</summary>
    public async Task<AnchorReadResult> ReadAsync(CancellationToken cancellationToken)
    {
        var path = FilePath;
        if (!File.Exists(path))
        {
            return new AnchorReadResult(null, false);
        }

        try
        {
            var stored = JsonSerializer.Deserialize<StoredAnchor>(await File.ReadAllBytesAsync(path, cancellationToken));
            if (stored is null)
            {
                return new AnchorReadResult(null, true);
            }

            var anchor = new AuditAnchor(stored.Sequence, stored.Hash ?? "", stored.EntryCount, stored.CreatedUtc);
            return new AnchorReadResult(anchor, !key.Verify(Canonical(anchor), stored.Signature));
        }
        catch (JsonException)
        {
            return new AnchorReadResult(null, true);
        }
    }

    private static string Canonical(AuditAnchor a)
        => string.Create(CultureInfo.InvariantCulture, $"anchor|{a.Sequence}|{a.Hash}|{a.EntryCount}|{a.CreatedUtc:yyyy-MM-ddTHH:mm:ss.fffZ}");

    private sealed record StoredAnchor(long Sequence, string? Hash, long EntryCount, DateTime CreatedUtc, string? Signature);
}

/// <summary>What an anchor file holds.</summary>
internal sealed record AnchorReadResult(AuditAnchor? Anchor, bool IsTampered);
