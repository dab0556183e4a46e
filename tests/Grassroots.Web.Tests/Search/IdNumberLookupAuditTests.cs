using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grassroots.Audit;
using Grassroots.Data;
using Grassroots.Tests.Infrastructure;
using Grassroots.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Search;

/// <summary>ID-number lookups (<c>idNumber:…</c>) are audited: who, when, the number masked and hashed, the hit count.</summary>
public sealed class IdNumberLookupAuditTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task An_id_number_lookup_is_audited_without_the_clear_number(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        await MaskedHousehold.DefineAsync(factory);
        var id = await MaskedHousehold.CreateAsync(factory);
        await JurisdictionTestUsers.CreateAsync(factory, "town-staff", "370725107", "TownStaff");
        await JurisdictionTestUsers.CreateAsync(factory, "tbp-clerk", MaskedHousehold.Village, "VillageStaff");
        await SearchApiTests.IndexAsync(factory);

        // TownStaff holds 查看敏感信息: the lookup finds the item and is recorded.
        using var town = await factory.CreateApiClientAsync("town-staff", JurisdictionTestUsers.Password);
        var found = (await town.GetFromJsonAsync<JsonObject>("/api/search?q=" + Uri.EscapeDataString("idNumber:" + MaskedHousehold.IdNumber.ToLowerInvariant())))!;
        Assert.Equal(id, (string?)Assert.Single(found["hits"]!.AsArray())!["id"]);

        // A village clerk is refused, and the attempt is recorded as well.
        using var clerk = await factory.CreateApiClientAsync("tbp-clerk", JurisdictionTestUsers.Password);
        var refused = await clerk.GetAsync("/api/search?q=" + Uri.EscapeDataString("idNumber:" + MaskedHousehold.IdNumber));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextAccessor>().DbContext;
        var entries = await db.Set<AuditEntryRecord>().Where(e => e.Action.StartsWith("search.idNumber")).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["search.idNumber", "search.idNumber.refused"], entries.Select(e => e.Action));
        var lookup = entries[0];
        Assert.Equal(AuditCategories.Sensitive, lookup.Category);
        Assert.Equal("town-staff", lookup.UserName);
        Assert.InRange(lookup.CreatedUtc, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
        Assert.Contains(MaskedHousehold.MaskedIdNumber, lookup.Summary);
        var data = JsonNode.Parse(lookup.Data!)!;
        Assert.Equal(1, (int)data["hits"]!);
        Assert.Equal(MaskedHousehold.MaskedIdNumber, (string?)data["idNumbers"]![0]);
        Assert.Matches("^[0-9a-f]{64}$", (string?)data["hashes"]![0]);
        Assert.Equal("tbp-clerk", entries[1].UserName);
        foreach (var entry in entries)
        {
            Assert.DoesNotContain(MaskedHousehold.IdNumber, entry.Summary + entry.Data, StringComparison.OrdinalIgnoreCase);
        }
    }
}
