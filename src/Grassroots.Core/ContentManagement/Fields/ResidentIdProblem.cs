namespace Grassroots.ContentManagement.Fields;

/// <summary>Why a resident identity number is invalid.</summary>
internal enum ResidentIdProblem
{
    None,
    Length,
    Format,
    BirthDate,
    CheckDigit,
}
