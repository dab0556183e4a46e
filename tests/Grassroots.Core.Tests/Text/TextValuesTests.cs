namespace Grassroots.Core.Tests.Text;

public sealed class TextValuesTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    [InlineData("\u3000")]
    public void Blank_text_is_null(string? text)
    {
        Assert.Null(text.TrimToNull());
    }

    [Theory]
    [InlineData("a", "a")]
    [InlineData("  城关镇  ", "城关镇")]
    [InlineData("\u3000东关村\n", "东关村")]
    [InlineData(" a b ", "a b")]
    public void Other_text_is_trimmed_at_both_ends_only(string text, string expected)
    {
        Assert.Equal(expected, text.TrimToNull());
    }
}
