namespace Grassroots.Hosting;

/// <summary>
/// A command-line verb of the web host (<c>dotnet Grassroots.Web.dll &lt;verb&gt; args… [--Key=Value …]</c>): the app is
/// built and the database initialised, then the verb runs instead of the web server and its result is the exit code.
/// </summary>
public interface ICommandLineVerb
{
    /// <summary>The verb, e.g. <c>search</c>.</summary>
    string Name { get; }

    /// <param name="args">The arguments after the verb (up to the first <c>--Key=Value</c>).</param>
    Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken);
}
