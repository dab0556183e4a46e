namespace Grassroots.EndToEnd.Tests.Infrastructure;

/// <summary>Tests marked <c>[Collection("browser")]</c> share one <see cref="BrowserFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
