using System.Text.Json.Nodes;

namespace Grassroots.Recipes;

/// <summary>
/// Where a recipe step may read files: under the recipe's own folder (<see cref="RecipeStepContext.BaseDirectory"/>) or
/// the application's <c>seeds/</c> folder, nowhere else. A relative path resolves against the recipe's folder (the
/// application folder for an uploaded recipe, which has none); an absolute path, <c>..</c> climbing out, or a symbolic
/// link leading out is refused with a <see cref="RecipeStepException"/> on the property (the step is named by the runner).
/// </summary>
public static class RecipeFiles
{
    /// <summary>The shipped seeds: <c>{application}/seeds</c>.</summary>
    public static string SeedsFolder => Path.Combine(AppContext.BaseDirectory, "seeds");

    private static StringComparison PathComparison => OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The full path of the existing file named by the step's <paramref name="property"/>.</summary>
    public static string Resolve(RecipeStepContext context, string property)
    {
        if (context.Optional(property) is not JsonValue value || !value.TryGetValue<string>(out var relative) || string.IsNullOrWhiteSpace(relative))
        {
            throw new RecipeStepException(property, "必须是文件路径字符串");
        }

        List<string> roots = context.BaseDirectory is { } folder ? [folder, SeedsFolder] : [SeedsFolder];
        var outside = new RecipeStepException(property, $"文件 {relative} 不在配方所在文件夹或 seeds/ 之下，不允许读取");
        if (Path.IsPathRooted(relative) || relative.Contains('\0'))
        {
            throw outside;
        }

        var file = Path.GetFullPath(Path.Combine(context.BaseDirectory ?? AppContext.BaseDirectory, relative));
        if (!roots.Exists(root => IsUnder(file, root)))
        {
            throw outside;
        }

        if (!File.Exists(file))
        {
            throw new RecipeStepException(property, $"找不到文件 {relative}");
        }

        // Symbolic links (the file's or a folder's on the way) must not lead out either.
        try
        {
            var real = RealPath(file);
            if (!roots.Exists(root => Directory.Exists(root) && IsUnder(real, RealPath(root))))
            {
                throw outside;
            }

            return real;
        }
        catch (IOException)
        {
            // A link loop or a link that cannot be followed.
            throw outside;
        }
    }

    private static bool IsUnder(string path, string root)
    {
        var prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, PathComparison);
    }

    /// <summary>The path with every symbolic link on it followed.</summary>
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full) ?? "";
        foreach (var segment in full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, segment);
            FileSystemInfo entry = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (entry.LinkTarget is not null && entry.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                current = RealPath(target.FullName);
            }
        }

        return current;
    }
}
