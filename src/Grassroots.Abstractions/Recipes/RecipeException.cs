namespace Grassroots.Recipes;

/// <summary>A recipe failed: which file, which step, where in the JSON, and why (in Chinese).</summary>
public sealed class RecipeException : Exception
{
    public RecipeException()
    {
    }

    public RecipeException(string message)
        : base(message)
    {
    }

    public RecipeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RecipeException(string fileName, int stepNumber, string stepName, string jsonPath, string reason, Exception? inner = null)
        : base(Format(fileName, stepNumber, stepName, jsonPath, reason), inner)
    {
        FileName = fileName;
        StepNumber = stepNumber;
        StepName = stepName;
        JsonPath = jsonPath;
        Reason = reason;
    }

    public string FileName { get; } = "";

    /// <summary>1-based; 0 when the file itself is malformed.</summary>
    public int StepNumber { get; }

    public string StepName { get; } = "";

    public string JsonPath { get; } = "";

    public string Reason { get; } = "";

    private static string Format(string fileName, int stepNumber, string stepName, string jsonPath, string reason)
        => stepNumber > 0
            ? $"配方 {fileName} 第 {stepNumber} 步（{stepName}）失败，位置 {jsonPath}：{reason}"
            : $"配方 {fileName} 无法读取，位置 {jsonPath}：{reason}";
}
