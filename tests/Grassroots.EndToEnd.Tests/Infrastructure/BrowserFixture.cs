using Microsoft.Playwright;

namespace Grassroots.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One headless Debian chromium for every test in the "browser" collection, driven by Playwright.
/// Playwright's own browser download is never used: the machine's /usr/bin/chromium is launched instead
/// (build/test.sh installs it). Override the path with GRASSROOTS_CHROMIUM.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The viewport every page gets: a common county-office laptop screen.</summary>
    public static readonly ViewportSize Viewport = new() { Width = 1366, Height = 768 };

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not been launched.");

    /// <summary>Where <see cref="ScreenshotAsync"/> writes: TestResults/screenshots under the repository root.</summary>
    public static string ScreenshotDirectory { get; } = FindScreenshotDirectory();

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var executable = Environment.GetEnvironmentVariable("GRASSROOTS_CHROMIUM") is { Length: > 0 } path
            ? path
            : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {executable}. Run build/test.sh, which installs Debian's chromium package.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A page in a new context: 1366×768, zh-CN, Asia/Shanghai. Dispose the context with the page.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = Viewport,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page screenshot as TestResults/screenshots/{name}.png and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var safeName = string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c == ' ' ? '_' : c));
        var path = Path.Combine(ScreenshotDirectory, safeName + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>
    /// Runs <paramref name="test"/> against a new page; on failure saves a screenshot named
    /// <paramref name="name"/> before rethrowing, and always closes the page's context.
    /// </summary>
    public async Task RunPageAsync(string name, Func<IPage, Task> test)
    {
        var page = await NewPageAsync();
        try
        {
            await test(page);
        }
        catch
        {
            try
            {
                var path = await ScreenshotAsync(page, name + ".failed");
                Console.Error.WriteLine($"Screenshot of the failed page: {path}");
            }
            catch (PlaywrightException)
            {
                // The page may be gone; the original failure is what matters.
            }

            throw;
        }
        finally
        {
            await page.Context.DisposeAsync();
        }
    }

    private static string FindScreenshotDirectory()
    {
        if (Environment.GetEnvironmentVariable("GRASSROOTS_SCREENSHOTS") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Grassroots.Orchard.sln")))
            {
                return Path.Combine(dir.FullName, "TestResults", "screenshots");
            }
        }

        return Path.Combine(Directory.GetCurrentDirectory(), "TestResults", "screenshots");
    }
}
