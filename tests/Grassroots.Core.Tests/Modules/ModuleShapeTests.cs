using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Grassroots.Core.Tests.Modules;

/// <summary>
/// Every module has the shape docs/modules.md describes: <c>Manifest.cs</c> and <c>Startup.cs</c> (or one
/// <c>&lt;Feature&gt;/Startup.cs</c> per feature), its permissions in <c>Permissions.cs</c>, its schema in
/// <c>Migrations.cs</c> (or files under <c>Migrations/</c>), its dashboard menu in <c>AdminMenu.cs</c>; and it references
/// only <c>Grassroots.Abstractions</c> and other modules' <c>*.Abstractions</c>, never a module's internals or the core.
/// </summary>
public sealed partial class ModuleShapeTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string> Modules()
    {
        var data = new TheoryData<string>();
        foreach (var dir in ModuleDirectories())
        {
            data.Add(Path.GetRelativePath(Root, dir).Replace('\\', '/'));
        }

        return data;
    }

    [Fact]
    public void Every_module_folder_is_found()
    {
        // A guard for the theory below: the enumeration must see the modules (and the themes, which are modules too).
        var names = ModuleDirectories().Select(Path.GetFileName).ToList();
        Assert.Contains("Grassroots.ServiceRequests", names);
        Assert.Contains("Grassroots.Workflows", names);
        Assert.Contains("Grassroots.Themes.Admin", names);
        Assert.DoesNotContain(names, n => n!.EndsWith(".Abstractions", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Module_has_manifest_and_startup_in_the_documented_places(string module)
    {
        var dir = Path.Combine(Root, module);
        Assert.True(File.Exists(Path.Combine(dir, "Manifest.cs")), $"{module}: Manifest.cs is missing");
        var startups = Sources(dir).Where(f => StartupClass().IsMatch(File.ReadAllText(f))).Select(f => Relative(dir, f)).ToList();
        Assert.NotEmpty(startups);
        Assert.All(startups, f => Assert.True(f == "Startup.cs" || Regex.IsMatch(f, "^[A-Za-z]+/Startup.cs$"), $"{module}: a Startup class is in {f}, not in Startup.cs or <Feature>/Startup.cs"));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Permissions_migrations_and_menu_are_in_the_documented_places(string module)
    {
        var dir = Path.Combine(Root, module);
        foreach (var file in Sources(dir))
        {
            var text = File.ReadAllText(file);
            var relative = Relative(dir, file);
            if (PermissionProviderClass().IsMatch(text))
            {
                Assert.True(relative == "Permissions.cs", $"{module}: a permission provider is declared in {relative}, not in Permissions.cs");
            }

            if (DataMigrationClass().IsMatch(text))
            {
                Assert.True(relative == "Migrations.cs" || relative.StartsWith("Migrations/", StringComparison.Ordinal), $"{module}: a data migration is declared in {relative}, not in Migrations.cs or Migrations/");
            }

            if (NavigationProviderClass().IsMatch(text))
            {
                Assert.True(relative == "AdminMenu.cs", $"{module}: a menu is declared in {relative}, not in AdminMenu.cs");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Module_references_only_abstractions(string module)
    {
        var dir = Path.Combine(Root, module);
        var project = Directory.GetFiles(dir, "*.csproj").Single();
        var references = XDocument.Load(project).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();
        Assert.Contains("Grassroots.Abstractions", references);
        Assert.All(references, r => Assert.True(
            r == "Grassroots.Abstractions" || r.EndsWith(".Abstractions", StringComparison.Ordinal),
            $"{module} references {r}: a module may reference only Grassroots.Abstractions and modules' *.Abstractions"));
    }

    [Fact]
    public void Abstractions_projects_reference_only_abstractions()
    {
        foreach (var project in Directory.GetFiles(Path.Combine(Root, "modules"), "*.Abstractions.csproj", SearchOption.AllDirectories))
        {
            var references = XDocument.Load(project).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')));
            Assert.All(references, r => Assert.EndsWith("Abstractions", r, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Core_knows_no_module()
    {
        // The shared contracts and the core reference no module project and name no module by its id in code.
        var modules = ModuleDirectories().Select(Path.GetFileName).ToList();
        foreach (var project in new[] { "src/Grassroots.Abstractions", "src/Grassroots.Core" })
        {
            var references = XDocument.Load(Directory.GetFiles(Path.Combine(Root, project), "*.csproj").Single()).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')));
            Assert.All(references, r => Assert.DoesNotContain(r, modules));
            foreach (var file in Sources(Path.Combine(Root, project)))
            {
                var text = File.ReadAllText(file);
                Assert.All(modules, m => Assert.False(text.Contains('"' + m + '"', StringComparison.Ordinal), $"{Relative(Root, file)} names module {m}"));
            }
        }
    }

    private static IEnumerable<string> ModuleDirectories() =>
        new[] { "modules", "themes" }
            .SelectMany(d => Directory.GetDirectories(Path.Combine(Root, d)))
            .Where(d => !Path.GetFileName(d).EndsWith(".Abstractions", StringComparison.Ordinal))
            .Where(d => Directory.GetFiles(d, "*.csproj").Length == 1)
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> Sources(string dir) =>
        Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Relative(dir, f).StartsWith("obj/", StringComparison.Ordinal) && !Relative(dir, f).StartsWith("bin/", StringComparison.Ordinal));

    private static string Relative(string dir, string file) => Path.GetRelativePath(dir, file).Replace('\\', '/');

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Grassroots.Orchard.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Grassroots.Orchard.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"class\s+\w+[^{;]*:\s*(Modules\.)?StartupBase\b")]
    private static partial Regex StartupClass();

    [GeneratedRegex(@"class\s+\w+[^{;]*:[^{;]*\bIPermissionProvider\b")]
    private static partial Regex PermissionProviderClass();

    [GeneratedRegex(@"class\s+\w+[^{;]*:\s*DataMigration\b")]
    private static partial Regex DataMigrationClass();

    [GeneratedRegex(@"class\s+\w+[^{;]*:[^{;]*\bINavigationProvider\b")]
    private static partial Regex NavigationProviderClass();
}
