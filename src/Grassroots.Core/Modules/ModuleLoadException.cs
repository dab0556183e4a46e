namespace Grassroots.Modules;

/// <summary>Start-up stops: a feature names a dependency that does not exist, or dependencies form a cycle.</summary>
public sealed class ModuleLoadException : Exception
{
    public ModuleLoadException()
    {
    }

    public ModuleLoadException(string message)
        : base(message)
    {
    }

    public ModuleLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
