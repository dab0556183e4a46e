using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Grassroots.Hosting;

/// <summary>Resolves the data folder once, creating it when missing.</summary>
internal sealed class GrassrootsEnvironment : IGrassrootsEnvironment
{
    public GrassrootsEnvironment(IConfiguration configuration, IHostEnvironment hostEnvironment)
    {
        var configured = configuration["Grassroots:DataPath"];
        DataPath = Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(hostEnvironment.ContentRootPath, "App_Data")
            : Path.Combine(hostEnvironment.ContentRootPath, configured));
        Directory.CreateDirectory(DataPath);
    }

    public string DataPath { get; }
}
