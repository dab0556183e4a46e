using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Grassroots.Workflows.Services;

/// <summary>
/// Secrets inside workflow definitions (密钥): every value of a "headers" property (<c>Authorization: Bearer …</c>),
/// the password of a URL (<c>https://user:pw@host</c>), URL parameters and JSON members named like a key, token, secret,
/// password or signature. Users who may not edit workflow types see them as <see cref="Placeholder"/>; a definition
/// saved with the placeholder where a secret was keeps the stored secret (matched by activity, property and name).
/// </summary>
internal static partial class WorkflowSecrets
{
    public const string Placeholder = "******";

    /// <summary>A copy of the definition with every secret replaced by <see cref="Placeholder"/>.</summary>
    public static WorkflowTypeDefinition Redact(WorkflowTypeDefinition definition, Func<string, IActivity?> findActivity)
    {
        var copy = JsonSerializer.Deserialize<WorkflowTypeDefinition>(JsonSerializer.Serialize(definition, GrassrootsJson.Options), GrassrootsJson.Options)!;
        foreach (var activity in copy.Activities)
        {
            var descriptor = findActivity(activity.Type);
            foreach (var (name, text) in StringProperties(activity))
            {
                var redacted = Redact(Kind(descriptor, name), text);
                if (redacted != text)
                {
                    activity.Properties[name] = redacted;
                }
            }
        }

        return copy;
    }

    /// <summary>
    /// Puts the stored secrets back where <paramref name="submitted"/> carries the placeholder; returns the ids of the
    /// activities with a placeholder that matches no stored secret (the user must type the secret again).
    /// </summary>
    public static IReadOnlyList<string> Restore(WorkflowTypeDefinition submitted, WorkflowTypeDefinition? stored, Func<string, IActivity?> findActivity)
    {
        var unresolved = new List<string>();
        foreach (var activity in submitted.Activities)
        {
            var descriptor = findActivity(activity.Type);
            var before = stored?.FindActivity(activity.Id);
            foreach (var (name, text) in StringProperties(activity))
            {
                if (!text.Contains(Placeholder, StringComparison.Ordinal))
                {
                    continue;
                }

                var kind = Kind(descriptor, name);
                var storedText = before is not null && before.Type == activity.Type && before.Properties[name]?.GetValueKind() == JsonValueKind.String
                    ? before.Properties[name]!.GetValue<string>()
                    : "";
                var secrets = Find(kind, storedText).GroupBy(s => s.Key)
                    .ToDictionary(g => g.Key, g => new Queue<string>(g.Select(s => storedText.Substring(s.Start, s.Length))), StringComparer.Ordinal);
                var missing = false;
                var restored = Replace(kind, text, (key, value) =>
                {
                    if (value != Placeholder)
                    {
                        return value;
                    }

                    if (secrets.TryGetValue(key, out var queue) && queue.Count > 0)
                    {
                        return queue.Dequeue();
                    }

                    missing = true;
                    return value;
                });
                activity.Properties[name] = restored;
                if (missing && !unresolved.Contains(activity.Id))
                {
                    unresolved.Add(activity.Id);
                }
            }
        }

        return unresolved;
    }

    /// <summary>The text with every secret replaced by <see cref="Placeholder"/>.</summary>
    public static string Redact(string kind, string text) => Replace(kind, text, (_, value) => value.Length == 0 ? value : Placeholder);

    private static string Kind(IActivity? descriptor, string property)
        => descriptor?.PropertyDescriptors.FirstOrDefault(p => p.Name == property)?.Kind ?? "text";

    private static List<(string Name, string Text)> StringProperties(ActivityDefinition activity)
        => [.. activity.Properties
            .Where(p => p.Value?.GetValueKind() == JsonValueKind.String)
            .Select(p => (p.Key, p.Value!.GetValue<string>()))];

    private static string Replace(string kind, string text, Func<string, string, string> replace)
    {
        var spans = Find(kind, text).OrderBy(s => s.Start).ToList();
        if (spans.Count == 0)
        {
            return text;
        }

        var builder = new StringBuilder();
        var position = 0;
        foreach (var (key, start, length) in spans)
        {
            if (start < position)
            {
                continue; // overlapping matches: the first one wins
            }

            builder.Append(text, position, start - position).Append(replace(key, text.Substring(start, length)));
            position = start + length;
        }

        return builder.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>The secret spans of a property value, each with a key naming where it sits (header, parameter, member).</summary>
    private static IEnumerable<(string Key, int Start, int Length)> Find(string kind, string text)
    {
        if (kind == "headers")
        {
            foreach (Match line in HeaderLine().Matches(text))
            {
                var value = line.Groups["value"];
                if (value.Length > 0)
                {
                    yield return ("h:" + line.Groups["name"].Value.Trim().ToLowerInvariant(), value.Index, value.Length);
                }
            }

            yield break;
        }

        foreach (Match m in UrlPassword().Matches(text))
        {
            yield return ("u:" + m.Groups["user"].Value, m.Groups["value"].Index, m.Groups["value"].Length);
        }

        foreach (Match m in SecretParameter().Matches(text))
        {
            if (m.Groups["value"].Length > 0)
            {
                yield return ("q:" + m.Groups["name"].Value.ToLowerInvariant(), m.Groups["value"].Index, m.Groups["value"].Length);
            }
        }

        foreach (Match m in SecretMember().Matches(text))
        {
            if (m.Groups["value"].Length > 0)
            {
                yield return ("j:" + m.Groups["name"].Value.ToLowerInvariant(), m.Groups["value"].Index, m.Groups["value"].Length);
            }
        }
    }

    /// <summary>One <c>Name: value</c> line of a headers property.</summary>
    [GeneratedRegex(@"^(?<name>[^:\r\n]+):[ \t]*(?<value>[^\r\n]*?)[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"://(?<user>[^/@:\s]+):(?<value>[^/@\s]+)@")]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"[?&](?<name>[\w.-]*(?:key|token|secret|password|passwd|pwd|sign|signature|credential)[\w.-]*)=(?<value>[^&#\s""']*)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretParameter();

    [GeneratedRegex(@"""(?<name>[^""]*(?:key|token|secret|password|passwd|pwd|signature|credential)[^""]*)""\s*:\s*""(?<value>[^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex SecretMember();
}
