using System.Globalization;
using System.Text;
using Grassroots.ContentManagement.Metadata;
using Microsoft.Extensions.Localization;

namespace Grassroots.Media;

/// <summary>
/// What may be uploaded (附件规则): size limit and extension list of an attachment field, file-name and content-type
/// clean-up. Shared by the attachment field kind and the upload endpoint so both say the same thing.
/// </summary>
public static class AttachmentRules
{
    /// <summary>Largest file when the field sets no limit: 10 MiB.</summary>
    public const long DefaultMaxFileSize = 10L * 1024 * 1024;

    /// <summary>Longest stored file name, in characters.</summary>
    public const int MaxFileNameLength = 200;

    /// <summary>Extensions allowed when the field lists none: documents, images, spreadsheets, archives.</summary>
    public static IReadOnlyList<string> DefaultAllowedExtensions { get; } =
        [".pdf", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".doc", ".docx", ".xls", ".xlsx", ".txt", ".csv", ".zip"];

    /// <summary>Extensions refused even when a field lists them: programs, scripts and markup a browser would run.</summary>
    public static IReadOnlySet<string> BlockedExtensions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".exe", ".dll", ".com", ".bat", ".cmd", ".scr", ".msi", ".ps1", ".vbs", ".js", ".mjs", ".jar", ".sh",
        ".html", ".htm", ".xhtml", ".shtml", ".svg", ".php", ".asp", ".aspx", ".jsp", ".cgi", ".hta",
    };

    /// <summary>The size limit of a field.</summary>
    public static long MaxFileSize(ContentFieldSettings? settings)
        => settings?.MaxFileSize is long max && max > 0 ? max : DefaultMaxFileSize;

    /// <summary>The allowed extensions of a field, lower-case with a leading dot, blocked ones removed.</summary>
    public static IReadOnlyList<string> AllowedExtensions(ContentFieldSettings? settings)
    {
        var configured = settings?.AllowedExtensions
            .Where(e => !string.IsNullOrWhiteSpace(e))
            .Select(e => e.Trim().ToLowerInvariant())
            .Select(e => e.StartsWith('.') ? e : "." + e)
            .Distinct()
            .ToList();
        var list = configured is { Count: > 0 } ? configured : [.. DefaultAllowedExtensions];
        return [.. list.Where(e => !BlockedExtensions.Contains(e))];
    }

    /// <summary>
    /// Checks a file against a field's settings (the platform defaults when null). Returns a message — Chinese source
    /// text, localized when <paramref name="localizer"/> is given — or null when the file is acceptable.
    /// </summary>
    public static string? Validate(string fileName, long size, ContentFieldSettings? settings, IStringLocalizer? localizer = null)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var allowed = AllowedExtensions(settings);
        if (extension.Length == 0 || !allowed.Contains(extension))
        {
            return Format(localizer, "文件「{0}」的类型不允许上传（允许：{1}）", fileName, string.Join(" ", allowed));
        }

        if (size <= 0)
        {
            return Format(localizer, "文件「{0}」是空文件", fileName);
        }

        var max = MaxFileSize(settings);
        if (size > max)
        {
            return Format(localizer, "文件「{0}」超过大小上限 {1}", fileName, FormatSize(max));
        }

        return null;
    }

    /// <summary>A size for people: <c>512 B</c>, <c>1.5 KB</c>, <c>10 MB</c>.</summary>
    public static string FormatSize(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return value.ToString(unit == 0 ? "0" : "0.#", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    /// <summary>
    /// A file name safe to store and to send back in a download header: no folders, no control or reserved characters,
    /// no leading dots, at most <see cref="MaxFileNameLength"/> characters with the extension kept; "file" when nothing is left.
    /// </summary>
    public static string SanitizeFileName(string? fileName)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var invalid = Path.GetInvalidFileNameChars();
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsControl(c) || invalid.Contains(c) || c is '<' or '>' or ':' or '"' or '|' or '?' or '*')
            {
                builder.Append('_');
            }
            else
            {
                builder.Append(c);
            }
        }

        name = builder.ToString().Trim().TrimStart('.').TrimEnd('.', ' ');
        if (name.Length > MaxFileNameLength)
        {
            var extension = Path.GetExtension(name);
            extension = extension.Length > 20 ? "" : extension;
            name = name[..(MaxFileNameLength - extension.Length)] + extension;
        }

        return name.Length == 0 ? "file" : name;
    }

    /// <summary>A plain <c>type/subtype</c> media type in lower case, else <c>application/octet-stream</c>.</summary>
    public static string SanitizeContentType(string? contentType)
    {
        var value = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var valid = slash > 0 && slash < value.Length - 1 && value.Length <= 100
            && value.IndexOf('/', slash + 1) < 0
            && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '+' or '-' or '_');
        return valid ? value : "application/octet-stream";
    }

    /// <summary>
    /// <c>image/png</c> or <c>image/jpeg</c> when the bytes start with that format's signature (whatever the name or the
    /// type claimed at upload), else null. Reads at most 8 bytes and rewinds; null for a stream that cannot seek.
    /// </summary>
    public static async Task<string?> DetectImageAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        if (!stream.CanSeek)
        {
            return null;
        }

        var header = new byte[PngSignature.Length];
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        stream.Position = 0;
        var bytes = header.AsSpan(0, read);
        return bytes.StartsWith(PngSignature) ? "image/png" : bytes.StartsWith(JpegSignature) ? "image/jpeg" : null;
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    private static string Format(IStringLocalizer? localizer, string format, params object[] args)
        => localizer is null ? string.Format(CultureInfo.InvariantCulture, format, args) : localizer[format, args].Value;
}
