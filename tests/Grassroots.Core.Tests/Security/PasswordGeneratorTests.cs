using Grassroots.Security;

namespace Grassroots.Core.Tests.Security;

public sealed class PasswordGeneratorTests
{
    private static readonly System.Buffers.SearchValues<char> Symbols = System.Buffers.SearchValues.Create(PasswordGenerator.Symbols);

    [Theory]
    [InlineData(4)]
    [InlineData(PasswordGenerator.DefaultLength)]
    [InlineData(20)]
    public void Has_the_length_asked_for_and_every_character_class(int length)
    {
        for (var i = 0; i < 200; i++)
        {
            var password = PasswordGenerator.Generate(length);

            Assert.Equal(length, password.Length);
            Assert.Contains(password, c => PasswordGenerator.Upper.Contains(c));
            Assert.Contains(password, c => PasswordGenerator.Lower.Contains(c));
            Assert.Contains(password, c => PasswordGenerator.Digits.Contains(c));
            Assert.Contains(password, c => PasswordGenerator.Symbols.Contains(c));
        }
    }

    [Fact]
    public void The_default_is_sixteen_characters_from_the_alphabet_without_look_alikes()
    {
        const string alphabet = PasswordGenerator.Upper + PasswordGenerator.Lower + PasswordGenerator.Digits + PasswordGenerator.Symbols;
        var password = PasswordGenerator.Generate();

        Assert.Equal(16, password.Length);
        Assert.All(password, c => Assert.Contains(c, alphabet));
        Assert.DoesNotContain(password, c => "Il0O1o".Contains(c));
    }

    [Fact]
    public void Passwords_do_not_repeat_and_the_symbol_is_not_always_in_one_place()
    {
        var passwords = Enumerable.Range(0, 1000).Select(_ => PasswordGenerator.Generate()).ToList();

        Assert.Equal(passwords.Count, passwords.Distinct(StringComparer.Ordinal).Count());
        var symbolPlaces = passwords.Select(p => p.AsSpan().IndexOfAny(Symbols)).Distinct().Count();
        Assert.True(symbolPlaces > 8, $"the symbol stood in only {symbolPlaces} places");
    }

    [Fact]
    public void Refuses_a_length_too_short_for_every_class()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordGenerator.Generate(3));
    }
}
