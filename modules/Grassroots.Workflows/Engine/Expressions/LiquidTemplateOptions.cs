namespace Grassroots.Workflows.Expressions;

/// <summary>Limits of workflow Liquid templates (configuration section <c>Workflows:Templates</c>).</summary>
public sealed class LiquidTemplateOptions
{
    /// <summary>
    /// Characters (UTF-16 code units) a template may write (default 65,536 = 64 Ki). Rendering stops as soon as the limit
    /// is passed and the expression fails with a Chinese message, so the activity faults.
    /// </summary>
    public int MaxOutputLength { get; set; } = 64 * 1024;
}
