using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Grassroots.Tests.Infrastructure;

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
/// A real app process (<c>dotnet Grassroots.Web.dll</c>) on a shared PostgreSQL database with its own
/// <c>Grassroots__DataPath</c>. It can be stopped (gracefully or killed) and started again on the same data path;
/// disposing kills it and deletes the data path.
/// </summary>
public sealed class AppNode : IDisposable
{
    private readonly StringBuilder output = new();
    private readonly TestDatabase database;
    private readonly IReadOnlyDictionary<string, string> environment;

    private AppNode(string name, TestDatabase database, string dataPath, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        this.database = database;
        DataPath = dataPath;
        this.environment = environment;
    }

    public string Name { get; }

    /// <summary>This node's <c>Grassroots:DataPath</c> (kept across restarts).</summary>
    public string DataPath { get; }

    /// <summary>The current process (a new one after each <see cref="Start"/>).</summary>
    public Process Process { get; private set; } = null!;

    /// <summary>The base address of the current process.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Everything the node's processes wrote so far (for assertion messages).</summary>
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

    /// <summary>Starts a node; <paramref name="environment"/> adds or overrides environment variables (configuration).</summary>
    public static AppNode Start(string name, TestDatabase database, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "grassroots-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataPath);
        var node = new AppNode(name, database, dataPath, environment ?? new Dictionary<string, string>());
        node.Start();
        return node;
    }

    /// <summary>Starts a new process on the same data path (after <see cref="Kill"/> or <see cref="StopAsync"/>).</summary>
    public void Start()
    {
        if (Process is { HasExited: false })
        {
            throw new InvalidOperationException($"{Name} is already running.");
        }

        Process?.Dispose();
        Url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Grassroots.Web.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(Url);
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__Default"] = database.ConnectionString;
        start.Environment["Grassroots__DataPath"] = DataPath;
        start.Environment["Setup__AdminUserName"] = GrassrootsFactory.AdminUserName;
        start.Environment["Setup__AdminPassword"] = GrassrootsFactory.AdminPassword;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        Append($"=== start {Url} ===");
        Process = Process.Start(start)!;
        Process.OutputDataReceived += (_, e) => Append(e.Data);
        Process.ErrorDataReceived += (_, e) => Append(e.Data);
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
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

    /// <summary>A client on this node's current address with a bearer token (admin by default).</summary>
    public async Task<HttpClient> CreateApiClientAsync(string userName = GrassrootsFactory.AdminUserName, string password = GrassrootsFactory.AdminPassword)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        Assert.True(response.IsSuccessStatusCode, $"{Name}: token request answered {(int)response.StatusCode}:\n{await response.Content.ReadAsStringAsync()}");
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json!["access_token"]!.GetValue<string>());
        return client;
    }

    /// <summary>Kills the process (SIGKILL: a crash, nothing flushed or released); the data path stays.</summary>
    public void Kill()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit(10_000);
        }

        Append("=== killed ===");
    }

    /// <summary>Stops the process gracefully (SIGTERM, host shutdown) and waits for it to exit; the data path stays.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (!Process.HasExited)
        {
            using (var signal = Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await signal.WaitForExitAsync();
            }

            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await Process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{Name} did not stop within {timeout.TotalSeconds:0} s:\n{Output}");
            }
        }

        Append("=== stopped ===");
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
            Directory.Delete(DataPath, recursive: true);
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
