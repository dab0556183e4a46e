using System.Globalization;
using System.Text.Json.Nodes;
using Grassroots.ContentManagement.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.ContentManagement.Fields;

/// <summary>
/// 居民身份证号码 (GB 11643-1999): 17 digits and a check character computed with ISO 7064 MOD 11-2; the embedded birth
/// date (yyyyMMdd) must be a real date, not in the future. A lower-case x is stored as X.
/// </summary>
internal sealed class ResidentIdFieldKind : IContentFieldKind
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    private const string CheckCharacters = "10X98765432";

    public string Name => ContentFieldKinds.ResidentId;

    public string DisplayName => "身份证号码";

    public ValueTask<JsonNode?> NormalizeAsync(JsonNode? value, FieldValidationContext context)
    {
        if (FieldValues.IsBlank(value))
        {
            return ValueTask.FromResult(FieldValidation.Missing(context));
        }

        var text = FieldValues.AsString(value);
        if (text is null)
        {
            context.Error("「{0}」不是有效的身份证号码");
            return ValueTask.FromResult<JsonNode?>(null);
        }

        var id = Normalize(text);
        var today = Localization.BusinessTime.Today(context.Services.GetService<TimeProvider>() ?? TimeProvider.System);
        switch (Check(id, today))
        {
            case ResidentIdProblem.None:
                break;
            case ResidentIdProblem.Length:
                context.Error("「{0}」应为 18 位身份证号码");
                break;
            case ResidentIdProblem.Format:
                context.Error("「{0}」不是有效的身份证号码（应为 17 位数字加 1 位数字或 X）");
                break;
            case ResidentIdProblem.BirthDate:
                context.Error("「{0}」不是有效的身份证号码（出生日期不正确）");
                break;
            case ResidentIdProblem.CheckDigit:
                context.Error("「{0}」不是有效的身份证号码（校验位不符）");
                break;
        }

        FieldValidation.CheckText(context, id, context.Field.Settings);
        return ValueTask.FromResult<JsonNode?>(JsonValue.Create(id));
    }

    public string? ToText(JsonNode? value, ContentFieldDefinition field) => FieldValues.AsString(value);

    public IndexedFieldValue ToIndex(JsonNode? value, ContentFieldDefinition field)
        => FieldValidation.TextIndex(FieldValues.AsString(value), field);

    /// <summary>Spaces removed, full-width characters made ASCII, x upper-cased.</summary>
    internal static string Normalize(string text)
        => string.Concat(FieldValues.ToHalfWidth(text).Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    /// <summary>What is wrong with a normalised number, if anything.</summary>
    internal static ResidentIdProblem Check(string id, DateOnly today)
    {
        if (id.Length != 18)
        {
            return ResidentIdProblem.Length;
        }

        if (id.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9') || (!char.IsAsciiDigit(id[17]) && id[17] != 'X'))
        {
            return ResidentIdProblem.Format;
        }

        if (!DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth.Year < 1900 || birth > today)
        {
            return ResidentIdProblem.BirthDate;
        }

        return id[17] == CheckCharacter(id.AsSpan(0, 17)) ? ResidentIdProblem.None : ResidentIdProblem.CheckDigit;
    }

    /// <summary>The check character of the first 17 digits (ISO 7064 MOD 11-2).</summary>
    internal static char CheckCharacter(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (digits[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }
}
