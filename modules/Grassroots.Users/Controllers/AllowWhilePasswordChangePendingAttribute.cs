namespace Grassroots.Users.Controllers;

/// <summary>Marks the actions a user whose password must be changed may still reach (sign in and out, the password page, the language switch).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
internal sealed class AllowWhilePasswordChangePendingAttribute : Attribute
{
}
