namespace Grassroots.Setup;

/// <summary>Public entry to start-up initialisation, for the command line.</summary>
public sealed class SetupRunner(IServiceProvider services)
{
    public Task InitializeAsync(CancellationToken cancellationToken = default)
        => ((SetupService)services.GetService(typeof(SetupService))!).InitializeAsync(cancellationToken);
}
