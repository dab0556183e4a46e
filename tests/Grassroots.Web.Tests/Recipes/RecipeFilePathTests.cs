using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Grassroots.OrgUnits;
using Grassroots.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Grassroots.Tests.Security.JurisdictionTestUsers;

namespace Grassroots.Tests.Recipes;

/// <summary>Recipe steps read files only under the recipe's own folder or seeds/: absolute paths, .. and symlinks out are refused.</summary>
public sealed class RecipeFilePathTests
{
    [Fact]
    public async Task An_uploaded_recipe_cannot_read_a_file_outside_its_folder_or_seeds()
    {
        await using var factory = await GrassrootsFactory.CreateAsync(DatabaseKind.Sqlite);
        var outside = Path.Combine(Path.GetTempPath(), "grassroots-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outside);
        var csv = Path.Combine(outside, "units.csv");
        await File.WriteAllTextAsync(csv, "code,name,level,parent_code\n37072510727791,越界网格一,grid,370725107277\n");
        var link = Path.Combine(RecipeFilesSeeds, "data", $"link-{Guid.NewGuid():N}.csv");
        File.CreateSymbolicLink(link, csv);
        try
        {
            using var browser = await LoginAsync(factory, GrassrootsFactory.AdminUserName, GrassrootsFactory.AdminPassword);
            foreach (var source in new[]
            {
                csv,                                                           // absolute
                Path.GetRelativePath(AppContext.BaseDirectory, csv),           // ../../… climbing out
                Path.GetRelativePath(AppContext.BaseDirectory, link),          // seeds/data/link-….csv → a file outside
            })
            {
                var page = await UploadAsync(browser, source);
                Assert.Contains("第 2 步（orgUnits）", page);
                Assert.Contains("不在配方所在文件夹或 seeds/ 之下", page);
            }

            await using var scope = factory.Services.CreateAsyncScope();
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IOrgUnitService>().GetAsync("37072510727791"));
        }
        finally
        {
            File.Delete(link);
            Directory.Delete(outside, recursive: true);
        }
    }

    private static string RecipeFilesSeeds => Path.Combine(AppContext.BaseDirectory, "seeds");

    private static async Task<string> UploadAsync(HttpClient browser, string source)
    {
        var recipe = $$"""
            { "name": "path-test", "steps": [
              { "name": "settings", "Motto": "为民服务" },
              { "name": "orgUnits", "source": {{System.Text.Json.JsonSerializer.Serialize(source)}} }
            ] }
            """;
        var index = await PageAsync(browser, "/admin/recipes");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(Token(index)), "__RequestVerificationToken");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(recipe));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(file, "file", "path-test.recipe.json");
        var response = await browser.PostAsync("/admin/recipes/upload", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
