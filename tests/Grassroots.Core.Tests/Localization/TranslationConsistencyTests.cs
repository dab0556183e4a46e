using System.Text.RegularExpressions;

namespace Grassroots.Core.Tests.Localization;

/// <summary>
/// Entries without msgctxt are shared by every module: two modules translating the same Chinese source string
/// differently would make the English UI depend on load order. Every such source string has one translation.
/// </summary>
public sealed partial class TranslationConsistencyTests
{
    [Fact]
    public void Shared_source_strings_have_one_English_translation_across_modules()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Grassroots.Orchard.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Repository root not found.");
        }

        var seen = new Dictionary<string, (string Translation, string File)>();
        var conflicts = new List<string>();
        foreach (var folder in new[] { "src", "modules", "themes" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "en.po", SearchOption.AllDirectories)
                         .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)))
            {
                foreach (Match m in Entry().Matches(File.ReadAllText(file)))
                {
                    if (m.Groups["ctx"].Success)
                    {
                        continue;
                    }

                    var id = m.Groups["id"].Value;
                    var text = m.Groups["str"].Value;
                    if (seen.TryGetValue(id, out var other) && other.Translation != text)
                    {
                        conflicts.Add($"\"{id}\": \"{other.Translation}\" ({Path.GetRelativePath(root, other.File)}) vs \"{text}\" ({Path.GetRelativePath(root, file)})");
                    }
                    else
                    {
                        seen[id] = (text, file);
                    }
                }
            }
        }

        Assert.True(seen.Count > 100, "The modules' translations were not found.");
        Assert.True(conflicts.Count == 0, string.Join(Environment.NewLine, conflicts));
    }

    [GeneratedRegex("(?:msgctxt \"(?<ctx>[^\"]*)\"\\n)?msgid \"(?<id>(?:[^\"\\\\]|\\\\.)*)\"\\nmsgstr \"(?<str>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Entry();
}
