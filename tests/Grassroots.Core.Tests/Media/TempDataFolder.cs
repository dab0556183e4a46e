using Grassroots.Hosting;

namespace Grassroots.Core.Tests.Media;

/// <summary>A data folder under the temp path, removed on dispose.</summary>
internal sealed class TempDataFolder : IGrassrootsEnvironment, IDisposable
{
    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "grassroots-tests", Guid.NewGuid().ToString("N"));

    public TempDataFolder() => Directory.CreateDirectory(DataPath);

    public void Dispose()
    {
        if (Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }
}
