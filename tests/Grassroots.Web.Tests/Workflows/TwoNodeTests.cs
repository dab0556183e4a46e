using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Grassroots.Tests.Infrastructure;
using Grassroots.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Grassroots.Tests.Workflows;

/// <summary>A fact that is skipped (not failed) when no PostgreSQL server is configured.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("GRASSROOTS_TEST_POSTGRES")))
        {
            Skip = "GRASSROOTS_TEST_POSTGRES is not set (run build/test.sh or source the PostgreSQL environment).";
        }
    }
}

/// <summary>
/// Two real app processes (<c>dotnet Grassroots.Web.dll</c>) sweep one PostgreSQL database every second: every due
/// deadline fires exactly once (advisory lock on the sweep, run lease per instance).
/// </summary>
public sealed class TwoNodeTests(ITestOutputHelper output)
{
    private const int InstanceCount = 20;

    [PostgresFact]
    public async Task Due_deadlines_fire_exactly_once_with_two_app_processes_on_one_database()
    {
        var database = await TestDatabase.CreateAsync(DatabaseKind.Postgres);
        var processes = new List<Node>();
        try
        {
            // Setup runs once, in this host, which then stays out of the way (its sweep only runs at start-up).
            await using var factory = new GrassrootsFactory(database, settings: new Dictionary<string, string?>
            {
                ["Workflows:SweepInterval"] = "30.00:00:00",
            }, ownsDatabase: false);
            await EngineTests.StartedAsync(factory);
            await EngineTests.SaveTypeAsync(factory.Services, new JsonObject
            {
                ["id"] = "two-node",
                ["name"] = "双节点期限",
                ["activities"] = new JsonArray(
                    EngineTests.Activity("start", "Start", isStart: true),
                    EngineTests.Deadline("deadline", 0, "hours", "input.due"),
                    EngineTests.Activity("record", "Script", new JsonObject
                    {
                        ["Script"] = "setProperty('fired', (properties.fired || 0) + 1);",
                        ["endedOutcomes"] = "Done",
                    })),
                ["transitions"] = new JsonArray(
                    EngineTests.Transition("start", "Done", "deadline"),
                    EngineTests.Transition("deadline", "Elapsed", "record")),
            });

            processes.Add(Node.Start("node-a", database));
            processes.Add(Node.Start("node-b", database));
            foreach (var node in processes)
            {
                await node.WaitHealthyAsync(TimeSpan.FromSeconds(90));
            }

            // Both nodes are up and sweeping every second; the deadlines fall due a moment later.
            var due = DateTime.UtcNow.AddSeconds(2).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var ids = new List<string>();
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                var executor = scope.ServiceProvider.GetRequiredService<IWorkflowExecutor>();
                for (var i = 0; i < InstanceCount; i++)
                {
                    var instance = await executor.StartAsync("two-node", new JsonObject { ["due"] = due }, correlationId: $"case-{i}");
                    Assert.Equal(WorkflowStatus.Waiting, instance.Status);
                    ids.Add(instance.Id);
                }
            }

            var until = DateTime.UtcNow.AddSeconds(90);
            List<WorkflowInstance> instances;
            while (true)
            {
                instances = await EngineTests.InstancesAsync(factory.Services, "two-node");
                if (instances.Count == InstanceCount && instances.All(i => i.Status is WorkflowStatus.Finished or WorkflowStatus.Faulted))
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < until,
                    $"Not all deadlines fired in 90 s: {instances.Count(i => i.Status == WorkflowStatus.Finished)} finished.\n" + string.Join("\n", processes.Select(p => p.Output)));
                await Task.Delay(250);
            }

            // Both processes were alive the whole run.
            foreach (var node in processes)
            {
                Assert.False(node.Process.HasExited, $"{node.Name} exited early:\n{node.Output}");
                await node.WaitHealthyAsync(TimeSpan.FromSeconds(10));
            }

            foreach (var node in processes)
            {
                output.WriteLine(node.Output);
            }

            Assert.Equal(ids.Order(), instances.Select(i => i.Id).Order());
            foreach (var instance in instances)
            {
                Assert.Equal(WorkflowStatus.Finished, instance.Status);
                Assert.Single(instance.History, h => h.ActivityId == "deadline" && h.Kind == "Resumed");
                Assert.Single(instance.History, h => h.ActivityId == "record" && h.Kind == "Executed");
                Assert.Equal(1, instance.Properties["fired"]!.GetValue<int>());
            }
        }
        finally
        {
            foreach (var node in processes)
            {
                node.Dispose();
            }

            await database.DisposeAsync();
        }
    }

    private sealed class Node : IDisposable
    {
        private readonly StringBuilder output = new();
        private readonly string dataPath;

        private Node(string name, Process process, string url, string dataPath)
        {
            Name = name;
            Process = process;
            Url = url;
            this.dataPath = dataPath;
        }

        public string Name { get; }

        public Process Process { get; }

        public string Url { get; }

        public string Output
        {
            get
            {
                lock (output)
                {
                    return $"--- {Name} ---\n{output}";
                }
            }
        }

        public static Node Start(string name, TestDatabase database)
        {
            var dataPath = Path.Combine(Path.GetTempPath(), "grassroots-tests", $"{name}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(dataPath);
            var url = $"http://127.0.0.1:{FreePort()}";
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Grassroots.Web.dll"));
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(url);
            start.Environment["Database__Provider"] = "Postgres";
            start.Environment["ConnectionStrings__Default"] = database.ConnectionString;
            start.Environment["Grassroots__DataPath"] = dataPath;
            start.Environment["Setup__AdminUserName"] = GrassrootsFactory.AdminUserName;
            start.Environment["Setup__AdminPassword"] = GrassrootsFactory.AdminPassword;
            start.Environment["Workflows__SweepInterval"] = "00:00:01";
            start.Environment["Workflows__NodeName"] = name;
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            start.Environment["Logging__LogLevel__Grassroots.Workflows"] = "Information";
            var process = Process.Start(start)!;
            var node = new Node(name, process, url, dataPath);
            process.OutputDataReceived += (_, e) => node.Append(e.Data);
            process.ErrorDataReceived += (_, e) => node.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return node;
        }

        public async Task WaitHealthyAsync(TimeSpan timeout)
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var until = DateTime.UtcNow + timeout;
            while (true)
            {
                Assert.False(Process.HasExited, $"{Name} exited:\n{Output}");
                try
                {
                    if ((await client.GetAsync(Url + "/health")).StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                Assert.True(DateTime.UtcNow < until, $"{Name} did not become healthy:\n{Output}");
                await Task.Delay(250);
            }
        }

        public void Dispose()
        {
            try
            {
                if (!Process.HasExited)
                {
                    Process.Kill(entireProcessTree: true);
                    Process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            Process.Dispose();
            try
            {
                Directory.Delete(dataPath, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
