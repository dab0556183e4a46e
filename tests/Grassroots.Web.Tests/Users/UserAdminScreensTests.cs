using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grassroots.Tests.Infrastructure;
using static Grassroots.Tests.Users.UsersTestHelpers;

namespace Grassroots.Tests.Users;

/// <summary>The dashboard user and role forms, driven like a browser (cookie sign-in, antiforgery token from the page).</summary>
public sealed partial class UserAdminScreensTests
{
    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Admin_creates_a_clerk_with_a_generated_password_and_edits_roles_through_the_forms(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var browser = await SignedInAdminAsync(factory);

        // The list links to the form; the form offers org units and roles by their Chinese names.
        var list = await browser.GetStringAsync("/admin/users");
        Assert.Contains("href=\"/admin/users/create\"", list);
        var form = WebUtility.HtmlDecode(await browser.GetStringAsync("/admin/users/create"));
        Assert.Contains("<option value=\"370725001036\">恒盛社区", form);
        Assert.Contains("村(社区)工作人员", form);
        Assert.Contains("生成初始密码", form);

        var created = await PostAsync(browser, "/admin/users/create", "/admin/users/create",
        [
            new("UserName", "hs-form-clerk"), new("DisplayName", "李文书"), new("OrgUnitCode", "370725001036"),
            new("Roles", "VillageStaff"), new("GeneratePassword", "true"), new("Password", ""),
        ]);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("no-store", created.Headers.CacheControl?.ToString());
        var result = await HtmlAsync(created);
        Assert.Contains("只显示这一次", result);
        var password = PasswordRegex().Match(result).Groups[1].Value;
        Assert.True(password.Length >= 10, result);
        Assert.Single(await AuditAsync(factory, "user.created"));

        // The clerk signs in with the password shown on the page, chooses its own, then gets an API token.
        using var clerkBrowser = await ChangeInitialPasswordAsync(factory, "hs-form-clerk", password);
        password = ChosenPassword;
        var clerk = await factory.CreateApiClientAsync("hs-form-clerk", password);
        var me = (await clerk.GetFromJsonAsync<JsonObject>("/api/me"))!;
        Assert.Equal("李文书", me["displayName"]!.GetValue<string>());
        Assert.Equal("370725001036", me["orgUnit"]!["code"]!.GetValue<string>());
        Assert.Equal(["VillageStaff"], me["roles"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
        Assert.DoesNotContain(Permissions(me), p => p == "CommentAsInspector");

        // Editing the user's roles through the form changes what /api/me grants.
        var id = me["id"]!.GetValue<string>();
        var edit = await browser.GetStringAsync($"/admin/users/{id}");
        Assert.Contains("李文书", edit);
        var saved = await PostAsync(browser, $"/admin/users/{id}", $"/admin/users/{id}",
        [
            new("DisplayName", "李文书"), new("OrgUnitCode", "370725001036"), new("Roles", "VillageStaff"), new("Roles", "Inspector"), new("IsDisabled", "false"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // The change of roles ended the clerk's token; a new one carries the new roles.
        Assert.Equal(HttpStatusCode.Unauthorized, (await clerk.GetAsync("/api/me")).StatusCode);
        clerk.Dispose();
        clerk = await factory.CreateApiClientAsync("hs-form-clerk", password);
        me = (await clerk.GetFromJsonAsync<JsonObject>("/api/me"))!;
        Assert.Contains("Inspector", me["roles"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
        Assert.Contains(Permissions(me), p => p == "CommentAsInspector");

        // Editing a role's permissions through the role form does too.
        Assert.DoesNotContain(Permissions(me), p => p == "ViewAuditTrail");
        var roleForm = WebUtility.HtmlDecode(await browser.GetStringAsync("/admin/roles/VillageStaff"));
        Assert.Contains("查看审计日志", roleForm);
        var held = CheckedPermissionRegex().Matches(roleForm).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(held);
        var roleSaved = await PostAsync(browser, "/admin/roles/VillageStaff", "/admin/roles/VillageStaff",
            [new("DisplayName", "村(社区)工作人员"), new("Description", "村级"), .. held.Append("ViewAuditTrail").Select(p => new KeyValuePair<string, string>("Permissions", p))]);
        Assert.Equal(HttpStatusCode.Redirect, roleSaved.StatusCode);
        me = (await clerk.GetFromJsonAsync<JsonObject>("/api/me"))!;
        Assert.Contains(Permissions(me), p => p == "ViewAuditTrail");

        // Reset password: the new one is shown once; the old one stops working.
        var reset = await PostAsync(browser, $"/admin/users/{id}", $"/admin/users/{id}/reset-password", []);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var newPassword = PasswordRegex().Match(await HtmlAsync(reset)).Groups[1].Value;
        Assert.NotEqual(password, newPassword);
        using var anon = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsJsonAsync("/api/auth/token", new { userName = "hs-form-clerk", password })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anon.PostAsJsonAsync("/api/auth/token", new { userName = "hs-form-clerk", password = newPassword })).StatusCode);

        // Disabling through the form blocks new tokens.
        var disabled = await PostAsync(browser, $"/admin/users/{id}", $"/admin/users/{id}",
            [new("DisplayName", "李文书"), new("OrgUnitCode", "370725001036"), new("Roles", "VillageStaff"), new("IsDisabled", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsJsonAsync("/api/auth/token", new { userName = "hs-form-clerk", password = newPassword })).StatusCode);
        clerk.Dispose();
    }

    [Theory]
    [ClassData(typeof(DatabaseKinds))]
    public async Task Bad_input_re_renders_the_form_with_Chinese_messages_and_protected_roles_are_not_deleted(DatabaseKind kind)
    {
        await using var factory = await GrassrootsFactory.CreateAsync(kind);
        using var browser = await SignedInAdminAsync(factory);

        // A weak typed password: the form comes back with the policy message and what was typed (except the password).
        var weak = await PostAsync(browser, "/admin/users/create", "/admin/users/create",
        [
            new("UserName", "weak-form-user"), new("DisplayName", "赵弱"), new("OrgUnitCode", "370725107277"), new("Roles", "GridMember"), new("Password", "short1A"),
        ]);
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        var html = await HtmlAsync(weak);
        Assert.Contains("密码至少需要 10 个字符", html);
        Assert.Contains("value=\"weak-form-user\"", html);
        Assert.Contains("value=\"赵弱\"", html);
        Assert.Contains("value=\"370725107277\"", html);
        Assert.Matches("value=\"GridMember\" id=\"role-GridMember\" checked", html);
        Assert.DoesNotContain("short1A", html);

        // Missing fields and an unknown org unit are named in Chinese.
        var empty = await HtmlAsync(await PostAsync(browser, "/admin/users/create", "/admin/users/create",
            [new("UserName", ""), new("DisplayName", ""), new("OrgUnitCode", "999999")]));
        Assert.Contains("请填写用户名", empty);
        Assert.Contains("请填写姓名", empty);
        Assert.Contains("组织机构代码「999999」不存在", empty);
        Assert.Contains("请填写初始密码，或选择自动生成", empty);

        // Deleting the administrator role is refused, with a message.
        var refused = await PostAsync(browser, "/admin/roles/Administrator", "/admin/roles/Administrator/delete", []);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync(refused.Headers.Location!.ToString()));
        Assert.Contains("系统管理员角色不能删除", page);
        Assert.Contains("系统管理员始终拥有全部权限", page);
        Assert.Contains("disabled", CheckboxRegex().Match(page).Value);

        // A role still assigned to users is refused too (also through the API: one piece of code).
        await CreateUserAsync(factory, "grid-user", "370725107277", "GridMember");
        var inUse = await PostAsync(browser, "/admin/roles/GridMember", "/admin/roles/GridMember/delete", []);
        var inUsePage = WebUtility.HtmlDecode(await browser.GetStringAsync(inUse.Headers.Location!.ToString()));
        Assert.Contains("仍分配给 1 个用户，不能删除", inUsePage);
        using var api = await factory.CreateApiClientAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await api.DeleteAsync("/api/roles/GridMember")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/roles/Administrator")).StatusCode);

        // A new role made through the form, with a bad key first, then deleted.
        var badKey = await HtmlAsync(await PostAsync(browser, "/admin/roles/create", "/admin/roles/create",
            [new("Name", "坏 名字"), new("DisplayName", "临时角色"), new("Permissions", "ViewContent")]));
        Assert.Contains("角色标识只能包含字母、数字", badKey);
        Assert.Contains("value=\"临时角色\"", badKey);
        var made = await PostAsync(browser, "/admin/roles/create", "/admin/roles/create",
            [new("Name", "Temp"), new("DisplayName", "临时角色"), new("Permissions", "ViewContent")]);
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        Assert.Contains("ViewContent", (await api.GetFromJsonAsync<JsonObject>("/api/roles/Temp"))!["permissions"]!.ToJsonString());
        var deleted = await PostAsync(browser, "/admin/roles/Temp", "/admin/roles/Temp/delete", []);
        Assert.Equal("/admin/roles", deleted.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/roles/Temp")).StatusCode);

        // A user without 管理用户 gets no forms.
        await CreateUserAsync(factory, "plain-clerk", "370725107277", "VillageStaff");
        using var clerk = factory.CreateBrowserlikeClient();
        await LoginAsync(clerk, "plain-clerk", Password);
        foreach (var url in new[] { "/admin/users/create", "/admin/roles/create", "/admin/roles/VillageStaff" })
        {
            var denied = await clerk.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.Contains("denied", denied.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    private static async Task<HttpClient> SignedInAdminAsync(GrassrootsFactory factory)
    {
        var browser = factory.CreateBrowserlikeClient();
        var login = await LoginAsync(browser, GrassrootsFactory.AdminUserName, GrassrootsFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return browser;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string postUrl, List<KeyValuePair<string, string>> fields)
    {
        fields.Add(new("__RequestVerificationToken", await AntiforgeryAsync(client, pageUrl)));
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(fields));
    }

    private static List<string> Permissions(JsonObject me) => me["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();

    [GeneratedRegex("id=\"one-time-password\">([^<]+)<")]
    private static partial Regex PasswordRegex();

    [GeneratedRegex("name=\"Permissions\" value=\"(\\w+)\" id=\"perm-\\w+\" checked")]
    private static partial Regex CheckedPermissionRegex();

    [GeneratedRegex("<input[^>]*name=\"Permissions\"[^>]*>")]
    private static partial Regex CheckboxRegex();
}
