namespace Grassroots.Modules;

/// <summary>A feature change that is not allowed (unknown feature, always-enabled feature); the message is for users.</summary>
public sealed class FeatureChangeException : Exception
{
    public FeatureChangeException()
    {
    }

    public FeatureChangeException(string message)
        : base(message)
    {
    }

    public FeatureChangeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
