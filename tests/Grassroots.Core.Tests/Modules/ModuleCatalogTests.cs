using System.Reflection;
using System.Reflection.Emit;
using Grassroots.Modules;

namespace Grassroots.Core.Tests.Modules;

/// <summary>
/// The catalog reads [Module]/[Feature] attributes from assemblies; these tests build such assemblies at run time so
/// each case declares exactly the graph it needs.
/// </summary>
public sealed class ModuleCatalogTests
{
    [Fact]
    public void Dependencies_come_before_dependents()
    {
        // Declared in an order that is neither alphabetical nor dependency order.
        var catalog = new ModuleCatalog([
            Module("Test.C", dependencies: ["Test.B"]),
            Module("Test.A"),
            Module("Test.B", dependencies: ["Test.A"]),
            Module("Test.D", dependencies: ["Test.A", "Test.C"]),
        ]);

        var ids = catalog.Features.Select(f => f.Id).ToList();
        Assert.Equal(4, ids.Count);
        foreach (var feature in catalog.Features)
        {
            foreach (var dependency in feature.Dependencies)
            {
                Assert.True(ids.IndexOf(dependency) < ids.IndexOf(feature.Id), $"{dependency} must come before {feature.Id}: {string.Join(",", ids)}");
            }
        }

        Assert.Equal(["Test.A", "Test.B", "Test.C", "Test.D"], ids);
        Assert.Equal(Enumerable.Range(0, 4), catalog.Features.Select(f => f.Priority));
    }

    [Fact]
    public void Feature_attributes_declare_extra_features_of_a_module()
    {
        var assembly = Module("Test.Host", features: [("Test.Host.Extra", new[] { "Test.Host" })]);
        var catalog = new ModuleCatalog([assembly]);

        Assert.Equal(["Test.Host", "Test.Host.Extra"], catalog.Features.Select(f => f.Id));
        Assert.Equal("Test.Host", catalog.Get("Test.Host.Extra")!.ModuleId);
        Assert.Same(assembly, catalog.Get("test.host.extra")!.Assembly);
        Assert.Equal([assembly], catalog.Assemblies);
    }

    [Fact]
    public void Assemblies_without_a_module_attribute_are_ignored()
    {
        var plain = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Plain" + Guid.NewGuid().ToString("N")), AssemblyBuilderAccess.Run);
        var catalog = new ModuleCatalog([plain, Module("Test.Only")]);

        Assert.Equal(["Test.Only"], catalog.Features.Select(f => f.Id));
    }

    [Fact]
    public void A_missing_dependency_names_the_feature_and_the_missing_id()
    {
        var ex = Assert.Throws<ModuleLoadException>(() => new ModuleCatalog([
            Module("Test.A"),
            Module("Test.Needy", dependencies: ["Test.A", "Test.Ghost"]),
        ]));

        Assert.Contains("Test.Needy", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Test.Ghost", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Test.A,", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_names_both_features()
    {
        var ex = Assert.Throws<ModuleLoadException>(() => new ModuleCatalog([
            Module("Test.A", dependencies: ["Test.B"]),
            Module("Test.B", dependencies: ["Test.A"]),
            Module("Test.Independent"),
        ]));

        Assert.Contains("Test.A", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Test.B", ex.Message, StringComparison.Ordinal);
        Assert.Contains("循环", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Test.Independent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_longer_cycle_is_reported_too()
    {
        var ex = Assert.Throws<ModuleLoadException>(() => new ModuleCatalog([
            Module("Test.A", dependencies: ["Test.B"]),
            Module("Test.B", dependencies: ["Test.C"]),
            Module("Test.C", dependencies: ["Test.A"]),
        ]));

        Assert.Contains("Test.A", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Test.B", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Test.C", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_feature_declared_twice_is_rejected()
    {
        var ex = Assert.Throws<ModuleLoadException>(() => new ModuleCatalog([
            Module("Test.A", features: [("Test.Shared", Array.Empty<string>())]),
            Module("Test.B", features: [("Test.Shared", Array.Empty<string>())]),
        ]));

        Assert.Contains("Test.Shared", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithDependencies_is_the_transitive_closure_dependencies_first()
    {
        var catalog = Diamond();

        Assert.Equal(["Test.Base", "Test.Left", "Test.Right", "Test.Top"], catalog.WithDependencies("Test.Top").Select(f => f.Id));
        Assert.Equal(["Test.Base", "Test.Left"], catalog.WithDependencies("Test.Left").Select(f => f.Id));
        Assert.Equal(["Test.Base"], catalog.WithDependencies("Test.Base").Select(f => f.Id));
        Assert.Equal(["Test.Alone"], catalog.WithDependencies("Test.Alone").Select(f => f.Id));
    }

    [Fact]
    public void WithDependents_is_the_transitive_closure_dependents_last()
    {
        var catalog = Diamond();

        Assert.Equal(["Test.Base", "Test.Left", "Test.Right", "Test.Top"], catalog.WithDependents("Test.Base").Select(f => f.Id));
        Assert.Equal(["Test.Right", "Test.Top"], catalog.WithDependents("Test.Right").Select(f => f.Id));
        Assert.Equal(["Test.Top"], catalog.WithDependents("Test.Top").Select(f => f.Id));
        Assert.Equal(["Test.Alone"], catalog.WithDependents("Test.Alone").Select(f => f.Id));
    }

    [Fact]
    public void FeatureOf_reads_a_type_feature_attribute_and_ignores_non_module_types()
    {
        var assembly = Module("Test.Types", features: [("Test.Types.Extra", new[] { "Test.Types" })]);
        var builder = assembly.DefineDynamicModule("main").DefineType("Test.Types.Thing", TypeAttributes.Public);
        builder.SetCustomAttribute(new CustomAttributeBuilder(typeof(FeatureAttribute).GetConstructor([typeof(string)])!, ["Test.Types.Extra"]));
        var type = builder.CreateType();
        var catalog = new ModuleCatalog([assembly]);

        Assert.Equal("Test.Types.Extra", catalog.FeatureOf(type));
        Assert.Null(catalog.FeatureOf(typeof(ModuleCatalogTests)));
    }

    private static ModuleCatalog Diamond() => new([
        Module("Test.Top", dependencies: ["Test.Left", "Test.Right"]),
        Module("Test.Left", dependencies: ["Test.Base"]),
        Module("Test.Right", dependencies: ["Test.Base"]),
        Module("Test.Base"),
        Module("Test.Alone"),
    ]);

    /// <summary>A run-time assembly carrying [Module] and optional [Feature] attributes with named properties.</summary>
    private static AssemblyBuilder Module(string id, string[]? dependencies = null, (string Id, string[] Dependencies)[]? features = null)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(
            new AssemblyName(id.Replace('.', '_') + "_" + Guid.NewGuid().ToString("N")), AssemblyBuilderAccess.Run);
        var moduleType = typeof(ModuleAttribute);
        assembly.SetCustomAttribute(new CustomAttributeBuilder(
            moduleType.GetConstructor(Type.EmptyTypes)!,
            [],
            [moduleType.GetProperty(nameof(ModuleAttribute.Id))!, moduleType.GetProperty(nameof(ModuleAttribute.Name))!, moduleType.GetProperty(nameof(ModuleAttribute.Dependencies))!],
            [id, "模块 " + id, dependencies ?? []]));

        var featureType = typeof(FeatureAttribute);
        foreach (var (featureId, featureDependencies) in features ?? [])
        {
            assembly.SetCustomAttribute(new CustomAttributeBuilder(
                featureType.GetConstructor(Type.EmptyTypes)!,
                [],
                [featureType.GetProperty(nameof(FeatureAttribute.Id))!, featureType.GetProperty(nameof(FeatureAttribute.Dependencies))!],
                [featureId, featureDependencies]));
        }

        return assembly;
    }
}
