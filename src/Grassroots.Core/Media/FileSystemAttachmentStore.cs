using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Grassroots.Hosting;

namespace Grassroots.Media;

/// <summary>
/// Keeps attachments on disk: <c>{DataPath}/attachments/{yyyy}/{MM}/{id}</c> holds the bytes (never executable, never
/// served from a web root) and <c>{id}.json</c> beside it the metadata. Ids are 32 random hex digits.
/// </summary>
internal sealed class FileSystemAttachmentStore : IAttachmentStore
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly string _root;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, string> _folders = new(StringComparer.Ordinal);

    public FileSystemAttachmentStore(IGrassrootsEnvironment environment, TimeProvider? timeProvider = null)
    {
        _root = Path.Combine(environment.DataPath, "attachments");
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public async Task<AttachmentInfo> SaveAsync(Stream content, string fileName, string contentType, CancellationToken cancellationToken = default)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var created = _timeProvider.GetUtcNow().UtcDateTime;
        var folder = Path.Combine(_root, created.ToString("yyyy", CultureInfo.InvariantCulture), created.ToString("MM", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);

        var dataPath = Path.Combine(folder, id);
        var temporary = dataPath + ".tmp";
        try
        {
            long size;
            await using (var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(target, cancellationToken);
                size = target.Length;
            }

            var info = new AttachmentInfo(id, AttachmentRules.SanitizeFileName(fileName), size, AttachmentRules.SanitizeContentType(contentType), created);
            File.Move(temporary, dataPath);
            await WriteSidecarAsync(folder, info, cancellationToken);
            _folders[id] = folder;
            return info;
        }
        catch
        {
            TryDelete(temporary);
            TryDelete(dataPath);
            throw;
        }
    }

    public async Task<AttachmentInfo?> GetInfoAsync(string id, CancellationToken cancellationToken = default)
    {
        if (FindFolder(id) is not { } folder)
        {
            return null;
        }

        try
        {
            await using var stream = File.OpenRead(SidecarPath(folder, id));
            var info = await JsonSerializer.DeserializeAsync<AttachmentInfo>(stream, JsonOptions, cancellationToken);
            return info is not null && File.Exists(Path.Combine(folder, id)) ? info with { Id = id } : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    public Task<Stream?> OpenReadAsync(string id, CancellationToken cancellationToken = default)
    {
        if (FindFolder(id) is not { } folder)
        {
            return Task.FromResult<Stream?>(null);
        }

        try
        {
            Stream stream = new FileStream(Path.Combine(folder, id), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (FindFolder(id) is not { } folder)
        {
            return Task.FromResult(false);
        }

        var existed = File.Exists(Path.Combine(folder, id));
        TryDelete(Path.Combine(folder, id));
        TryDelete(SidecarPath(folder, id));
        _folders.TryRemove(id, out _);
        return Task.FromResult(existed);
    }

    /// <summary>Whether <paramref name="id"/> has the shape of an id this store hands out (so it cannot name a path).</summary>
    internal static bool IsValidId(string? id)
        => id is { Length: 32 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>The month folder holding the id's metadata: a few directory probes, newest month first.</summary>
    private string? FindFolder(string id)
    {
        if (!IsValidId(id))
        {
            return null;
        }

        if (_folders.TryGetValue(id, out var cached) && File.Exists(SidecarPath(cached, id)))
        {
            return cached;
        }

        if (!Directory.Exists(_root))
        {
            return null;
        }

        foreach (var year in Directory.EnumerateDirectories(_root).Order(StringComparer.Ordinal).Reverse())
        {
            foreach (var month in Directory.EnumerateDirectories(year).Order(StringComparer.Ordinal).Reverse())
            {
                if (File.Exists(SidecarPath(month, id)))
                {
                    _folders[id] = month;
                    return month;
                }
            }
        }

        return null;
    }

    private static async Task WriteSidecarAsync(string folder, AttachmentInfo info, CancellationToken cancellationToken)
    {
        var path = SidecarPath(folder, info.Id);
        var temporary = path + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        {
            await JsonSerializer.SerializeAsync(stream, info, JsonOptions, cancellationToken);
        }

        File.Move(temporary, path);
    }

    private static string SidecarPath(string folder, string id) => Path.Combine(folder, id + ".json");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover file is harmless, it has no metadata and is never listed.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
