using System.Globalization;
using System.Text;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Grassroots.Search.Lucene.QueryTranslation;

/// <summary>
/// A range over a field whose terms are numbers written as text (numbers are indexed as their text): every term is
/// parsed and compared as a number, so 9 &lt; 10 (a string range would say otherwise). Terms that are not numbers
/// never match.
/// </summary>
public sealed class NumericTextRangeQuery(string field, double? min, double? max, bool minInclusive, bool maxInclusive)
    : MultiTermQuery(field)
{
    public double? Min { get; } = min;

    public double? Max { get; } = max;

    protected override TermsEnum GetTermsEnum(Terms terms, AttributeSource atts)
        => new RangeEnum(terms.GetEnumerator(), this);

    public override string ToString(string field)
        => $"{Field}:{(minInclusive ? '[' : '{')}{Min?.ToString(CultureInfo.InvariantCulture) ?? "*"} TO {Max?.ToString(CultureInfo.InvariantCulture) ?? "*"}{(maxInclusive ? ']' : '}')}";

    public override bool Equals(object? obj)
        => obj is NumericTextRangeQuery other && base.Equals(obj) && other.Min == Min && other.Max == Max
            && other.Includes == Includes;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Min, Max, Includes);

    private (bool, bool) Includes => (minInclusive, maxInclusive);

    private bool Accepts(double value)
        => (Min is not { } lo || (minInclusive ? value >= lo : value > lo))
            && (Max is not { } hi || (maxInclusive ? value <= hi : value < hi));

    private sealed class RangeEnum(TermsEnum terms, NumericTextRangeQuery query) : FilteredTermsEnum(terms, startWithSeek: false)
    {
        protected override AcceptStatus Accept(BytesRef term)
        {
            var text = Encoding.UTF8.GetString(term.Bytes, term.Offset, term.Length);
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && query.Accepts(value)
                ? AcceptStatus.YES
                : AcceptStatus.NO;
        }
    }
}
