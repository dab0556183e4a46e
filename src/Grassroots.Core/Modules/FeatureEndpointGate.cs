using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;

namespace Grassroots.Modules;

/// <summary>Endpoints of disabled features answer 404, as if they did not exist.</summary>
internal sealed class FeatureEndpointGate(RequestDelegate next, IFeatureState state)
{
    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is not null)
        {
            var feature = endpoint.Metadata.GetMetadata<FeatureMetadata>()?.FeatureId;
            if (feature is null && endpoint.Metadata.GetMetadata<ControllerActionDescriptor>() is { } action)
            {
                feature = state.FeatureOf(action.ControllerTypeInfo);
            }

            if (feature is not null && !state.IsEnabled(feature))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
        }

        return next(context);
    }
}

/// <summary>Endpoint metadata naming the feature that mapped it.</summary>
public sealed record FeatureMetadata(string FeatureId);
