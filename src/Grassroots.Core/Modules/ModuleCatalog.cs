using System.Reflection;

namespace Grassroots.Modules;

/// <summary>
/// The modules found at start-up and their features in dependency order. Missing or circular dependencies stop
/// start-up with a message that names the features involved.
/// </summary>
public sealed class ModuleCatalog
{
    private readonly Dictionary<string, FeatureDescriptor> _byId;
    private readonly Dictionary<Assembly, string> _mainFeatureByAssembly;

    public ModuleCatalog(IEnumerable<Assembly> assemblies)
    {
        var features = new List<FeatureDescriptor>();
        _mainFeatureByAssembly = [];
        var moduleAssemblies = new List<Assembly>();
        foreach (var assembly in assemblies.Distinct())
        {
            var module = assembly.GetCustomAttribute<ModuleAttribute>();
            if (module is null)
            {
                continue;
            }

            moduleAssemblies.Add(assembly);
            var moduleId = string.IsNullOrEmpty(module.Id) ? assembly.GetName().Name! : module.Id;
            var declared = assembly.GetCustomAttributes<FeatureAttribute>().ToList();
            if (!declared.Any(f => f.Id == moduleId))
            {
                features.Add(new FeatureDescriptor
                {
                    Id = moduleId,
                    Name = string.IsNullOrEmpty(module.Name) ? moduleId : module.Name,
                    Description = module.Description,
                    Category = module.Category,
                    ModuleId = moduleId,
                    Assembly = assembly,
                    Dependencies = module.Dependencies,
                    IsAlwaysEnabled = module.IsAlwaysEnabled,
                });
            }

            foreach (var f in declared)
            {
                features.Add(new FeatureDescriptor
                {
                    Id = f.Id,
                    Name = string.IsNullOrEmpty(f.Name) ? f.Id : f.Name,
                    Description = f.Description,
                    Category = string.IsNullOrEmpty(f.Category) ? module.Category : f.Category,
                    ModuleId = moduleId,
                    Assembly = assembly,
                    Dependencies = f.Dependencies,
                    IsAlwaysEnabled = f.IsAlwaysEnabled,
                    DefaultEnabled = f.DefaultEnabled,
                });
            }

            _mainFeatureByAssembly[assembly] = moduleId;
        }

        var duplicate = features.GroupBy(f => f.Id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ModuleLoadException($"功能 '{duplicate.Key}' 被多个模块重复声明：{string.Join("、", duplicate.Select(f => f.ModuleId))}。");
        }

        _byId = features.ToDictionary(f => f.Id, StringComparer.OrdinalIgnoreCase);
        Features = Sort(features);
        Assemblies = moduleAssemblies;
    }

    /// <summary>Every feature, dependencies before dependents.</summary>
    public IReadOnlyList<FeatureDescriptor> Features { get; }

    /// <summary>Assemblies that carry a <see cref="ModuleAttribute"/>.</summary>
    public IReadOnlyList<Assembly> Assemblies { get; }

    public FeatureDescriptor? Get(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The feature a type belongs to: its own <see cref="FeatureAttribute"/>, else its module's main feature.</summary>
    public string? FeatureOf(Type type)
    {
        var attribute = type.GetCustomAttributes<FeatureAttribute>(inherit: false).FirstOrDefault(a => !string.IsNullOrEmpty(a.Id));
        if (attribute is not null)
        {
            return attribute.Id;
        }

        return _mainFeatureByAssembly.GetValueOrDefault(type.Assembly);
    }

    /// <summary>The feature and all that it needs, transitively, dependencies first.</summary>
    public IReadOnlyList<FeatureDescriptor> WithDependencies(string id)
    {
        var result = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Visit(string featureId)
        {
            if (!result.Add(featureId))
            {
                return;
            }

            foreach (var dependency in _byId[featureId].Dependencies)
            {
                Visit(dependency);
            }
        }

        Visit(id);
        return Features.Where(f => result.Contains(f.Id)).ToList();
    }

    /// <summary>The feature and all that depend on it, transitively, dependents last.</summary>
    public IReadOnlyList<FeatureDescriptor> WithDependents(string id)
    {
        var result = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { id };
        foreach (var feature in Features)
        {
            if (feature.Dependencies.Any(result.Contains))
            {
                result.Add(feature.Id);
            }
        }

        return Features.Where(f => result.Contains(f.Id)).ToList();
    }

    private List<FeatureDescriptor> Sort(List<FeatureDescriptor> features)
    {
        foreach (var feature in features)
        {
            var missing = feature.Dependencies.Where(d => !_byId.ContainsKey(d)).ToList();
            if (missing.Count > 0)
            {
                throw new ModuleLoadException(
                    $"功能 '{feature.Id}'（模块 {feature.ModuleId}）依赖的功能不存在：{string.Join("、", missing)}。Feature '{feature.Id}' depends on missing feature(s): {string.Join(", ", missing)}.");
            }
        }

        var sorted = new List<FeatureDescriptor>();
        var state = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase); // 1 visiting, 2 done
        var stack = new List<string>();

        void Visit(FeatureDescriptor feature)
        {
            if (state.TryGetValue(feature.Id, out var s))
            {
                if (s == 1)
                {
                    var start = stack.FindIndex(x => string.Equals(x, feature.Id, StringComparison.OrdinalIgnoreCase));
                    var cycle = stack.Skip(start).Append(feature.Id);
                    throw new ModuleLoadException(
                        $"功能之间存在循环依赖：{string.Join(" → ", cycle)}。Circular feature dependency: {string.Join(" -> ", cycle)}.");
                }

                return;
            }

            state[feature.Id] = 1;
            stack.Add(feature.Id);
            foreach (var dependency in feature.Dependencies.OrderBy(d => d, StringComparer.Ordinal))
            {
                Visit(_byId[dependency]);
            }

            stack.RemoveAt(stack.Count - 1);
            state[feature.Id] = 2;
            feature.Priority = sorted.Count;
            sorted.Add(feature);
        }

        foreach (var feature in features.OrderBy(f => f.Id, StringComparer.Ordinal))
        {
            Visit(feature);
        }

        return sorted;
    }
}
