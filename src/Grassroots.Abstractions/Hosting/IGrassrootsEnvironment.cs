namespace Grassroots.Hosting;

/// <summary>Where the platform keeps its files.</summary>
public interface IGrassrootsEnvironment
{
    /// <summary>
    /// The data folder: the SQLite file, search indexes, uploads. <c>App_Data</c> under the content root unless
    /// <c>Grassroots:DataPath</c> says otherwise.
    /// </summary>
    string DataPath { get; }
}
