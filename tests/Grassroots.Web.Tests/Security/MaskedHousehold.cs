using System.Text.Json.Nodes;
using Grassroots.ContentManagement;
using Grassroots.ContentManagement.Metadata;
using Grassroots.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grassroots.Tests.Security;

/// <summary>
/// A type whose display text is a person's name (标题脱敏显示), with a phone and a resident-ID field declared
/// <c>sensitive: false</c>, and one item of it in 团埠坡村.
/// </summary>
internal static class MaskedHousehold
{
    public const string Type = "Household";
    public const string Village = "370725107277";
    public const string Name = "司马青云";
    public const string MaskedName = "司**云";
    public const string Address = "东风街十二号院";
    public const string Phone = "13812345678";
    public const string MaskedPhone = "138****5678";
    public const string IdNumber = "11010519491231002X";
    public const string MaskedIdNumber = "110105********002X";

    public static async Task DefineAsync(GrassrootsFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var definitions = scope.ServiceProvider.GetRequiredService<IContentDefinitionManager>();
        Assert.Empty(await definitions.StoreTypeDefinitionAsync(new ContentTypeDefinition
        {
            Name = Type,
            DisplayName = "困难家庭",
            Settings = new ContentTypeSettings { MaskDisplayText = true },
            Fields =
            [
                new ContentFieldDefinition { Name = "HeadName", DisplayName = "户主姓名", Kind = ContentFieldKinds.Text },
                new ContentFieldDefinition { Name = "Address", DisplayName = "住址", Kind = ContentFieldKinds.Text },
                new ContentFieldDefinition { Name = "Phone", DisplayName = "联系电话", Kind = ContentFieldKinds.Phone, Settings = new ContentFieldSettings { Sensitive = false } },
                new ContentFieldDefinition { Name = "IdNumber", DisplayName = "身份证号", Kind = ContentFieldKinds.ResidentId, Settings = new ContentFieldSettings { Sensitive = false } },
            ],
        }));
    }

    public static async Task<string> CreateAsync(GrassrootsFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var contents = scope.ServiceProvider.GetRequiredService<IContentManager>();
        var item = await contents.NewAsync(Type);
        item.OrgUnitCode = Village;
        item.SetFieldValue(Type, "HeadName", JsonValue.Create(Name));
        item.SetFieldValue(Type, "Address", JsonValue.Create(Address));
        item.SetFieldValue(Type, "Phone", JsonValue.Create(Phone));
        item.SetFieldValue(Type, "IdNumber", JsonValue.Create(IdNumber));
        var created = await contents.CreateAsync(item, VersionOptions.Published);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.SelectMany(e => e.Value)));
        Assert.Equal(Name, created.Value!.DisplayText);
        return created.Value.ContentItemId;
    }
}
