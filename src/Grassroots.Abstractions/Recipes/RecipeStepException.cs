namespace Grassroots.Recipes;

/// <summary>Thrown by a step handler to report bad input at a JSON path inside the step.</summary>
public sealed class RecipeStepException : Exception
{
    public RecipeStepException()
    {
    }

    public RecipeStepException(string message)
        : base(message)
    {
    }

    public RecipeStepException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <param name="jsonPath">Path relative to the step, e.g. <c>ContentTypes[1].Fields[0].Kind</c>.</param>
    /// <param name="message">What is wrong, in Chinese.</param>
    public RecipeStepException(string jsonPath, string message, Exception? innerException = null)
        : base(message, innerException) => JsonPath = jsonPath;

    public string JsonPath { get; } = "";
}
