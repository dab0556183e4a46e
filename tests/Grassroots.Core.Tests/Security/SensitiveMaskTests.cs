using Grassroots.Security;

namespace Grassroots.Core.Tests.Security;

public class SensitiveMaskTests
{
    [Fact]
    public void Resident_id() => Assert.Equal("370725********1234", SensitiveMask.MaskResidentId("370725199001011234"));

    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("+8613812345678", "+86138****5678")]
    [InlineData("0536-1234567", "0536-*****67")]
    [InlineData("010-12345678-801", "010-******78-801")]
    [InlineData("05361234567", "0536*****67")]
    public void Phone(string input, string expected) => Assert.Equal(expected, SensitiveMask.MaskPhone(input));

    [Theory]
    [InlineData("张三强", "张*强")]
    [InlineData("张三", "张*")]
    [InlineData("欧阳娜娜", "欧**娜")]
    [InlineData("张", "*")]
    public void Name(string input, string expected) => Assert.Equal(expected, SensitiveMask.MaskName(input));

    [Theory]
    [InlineData("ResidentId", "11010519491231002X", "110105********002X")]
    [InlineData("phone", "13812345678", "138****5678")]
    [InlineData("Name", "张三强", "张*强")]
    [InlineData("Text", "山东省昌乐县", "山****县")]
    [InlineData("Text", "", "")]
    [InlineData("Text", "王强", "王*")]
    public void By_kind(string kind, string input, string expected) => Assert.Equal(expected, SensitiveMask.Mask(kind, input));
}
