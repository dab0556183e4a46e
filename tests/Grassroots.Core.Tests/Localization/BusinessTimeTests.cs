using Grassroots.Localization;
using Microsoft.Extensions.Time.Testing;

namespace Grassroots.Core.Tests.Localization;

public sealed class BusinessTimeTests
{
    [Theory]
    [InlineData("2024-01-15T12:00:00Z")]
    [InlineData("2024-07-15T12:00:00Z")]
    public void China_standard_time_is_eight_hours_ahead_all_year(string utc)
    {
        // Asia/Shanghai had daylight saving in 1986–1991 only; business data is newer.
        Assert.Equal(TimeSpan.FromHours(8), BusinessTime.ChinaStandardTime.GetUtcOffset(Utc(utc)));
    }

    [Theory]
    [InlineData("2024-03-01T15:59:59Z", "2024-03-01")]
    [InlineData("2024-03-01T16:00:00Z", "2024-03-02")]
    [InlineData("2024-03-01T23:59:59Z", "2024-03-02")]
    [InlineData("2024-03-02T00:00:00Z", "2024-03-02")]
    [InlineData("2024-12-31T16:30:00Z", "2025-01-01")]
    public void Business_date_turns_at_CST_midnight(string utc, string date)
    {
        Assert.Equal(DateOnly.Parse(date), BusinessTime.ToBusinessDate(Utc(utc)));
        Assert.Equal(date, BusinessTime.FormatDate(Utc(utc)));
    }

    [Fact]
    public void Formats_date_and_time_in_CST()
    {
        Assert.Equal("2025-01-01 00:30", BusinessTime.FormatDateTime(Utc("2024-12-31T16:30:00Z")));
        Assert.Equal("2024-03-01 23:59", BusinessTime.FormatDateTime(Utc("2024-03-01T15:59:59Z")));
    }

    [Fact]
    public void Null_formats_as_empty()
    {
        Assert.Equal("", BusinessTime.FormatDate(null));
        Assert.Equal("", BusinessTime.FormatDateTime(null));
    }

    [Fact]
    public void Unspecified_kind_is_read_as_UTC()
    {
        var unspecified = new DateTime(2024, 3, 1, 16, 0, 0, DateTimeKind.Unspecified);

        Assert.Equal(new DateOnly(2024, 3, 2), BusinessTime.ToBusinessDate(unspecified));
    }

    [Fact]
    public void Formatting_ignores_the_current_culture()
    {
        using var _ = new CultureScope("ar-SA");

        Assert.Equal("2025-01-01 00:30", BusinessTime.FormatDateTime(Utc("2024-12-31T16:30:00Z")));
    }

    [Fact]
    public void Today_follows_the_clock_in_CST()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 3, 1, 15, 59, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2024, 3, 1), BusinessTime.Today(clock));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DateOnly(2024, 3, 2), BusinessTime.Today(clock));
    }

    [Fact]
    public void Falls_back_to_a_fixed_offset_zone_without_tzdata()
    {
        var zone = BusinessTime.ResolveChinaStandardTime(_ => throw new TimeZoneNotFoundException());

        Assert.Equal(TimeSpan.FromHours(8), zone.BaseUtcOffset);
        Assert.Equal(new DateTime(2024, 3, 2, 0, 0, 0), TimeZoneInfo.ConvertTimeFromUtc(Utc("2024-03-01T16:00:00Z"), zone));
    }

    [Theory]
    [InlineData("2024-03-02", "2024-03-01T16:00:00Z")]
    [InlineData("2025-01-01", "2024-12-31T16:00:00Z")]
    public void A_CST_day_starts_at_16_UTC_the_day_before(string date, string utc)
    {
        var start = BusinessTime.StartOfDayUtc(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(Utc(utc), start);
        Assert.Equal(DateTimeKind.Utc, start.Kind);
        Assert.Equal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), BusinessTime.ToBusinessDate(start));
        Assert.Equal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture).AddDays(-1), BusinessTime.ToBusinessDate(start.AddTicks(-1)));
    }

    [Theory]
    [InlineData(DateTimeKind.Unspecified)]
    [InlineData(DateTimeKind.Utc)]
    [InlineData(DateTimeKind.Local)]
    public void A_CST_wall_clock_time_converts_back_to_its_UTC_instant_whatever_its_kind(DateTimeKind kind)
    {
        var wallClock = new DateTime(2025, 1, 1, 0, 30, 0, kind);

        Assert.Equal(Utc("2024-12-31T16:30:00Z"), BusinessTime.ToUtc(wallClock));
        Assert.Equal("2025-01-01 00:30", BusinessTime.FormatDateTime(BusinessTime.ToUtc(wallClock)));
    }

    private static DateTime Utc(string value) =>
        DateTime.Parse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
}
