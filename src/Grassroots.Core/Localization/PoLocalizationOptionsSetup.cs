using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Grassroots.Localization;

/// <summary>Fills <see cref="PoLocalizationOptions.ContentRootPath"/> from the host when the application left it empty.</summary>
internal sealed class PoLocalizationOptionsSetup(IHostEnvironment? environment = null) : IPostConfigureOptions<PoLocalizationOptions>
{
    public void PostConfigure(string? name, PoLocalizationOptions options)
    {
        if (string.IsNullOrEmpty(options.ContentRootPath) && environment is not null)
        {
            options.ContentRootPath = environment.ContentRootPath;
        }
    }
}
