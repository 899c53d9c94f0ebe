using System.ComponentModel.DataAnnotations;

namespace ProvincePortal.Features.Identity;

public enum UserSort { FullName, Email, Province, LastLogin }

/// <summary>Filters and page of the user list. Page is zero-based, as MudDataGrid counts.</summary>
public sealed record UserSearch(
    string? Text = null, string? Role = null, int? ProvinceId = null, bool? Active = null,
    int Page = 0, int PageSize = 25, UserSort Sort = UserSort.FullName, bool Descending = false);

public sealed record UserRow(
    string Id, string Email, string FullName, IReadOnlyList<string> Roles, string? ProvinceSigla, string? ComuneName,
    string LastLogin, bool IsActive, bool IsLockedOut);

public sealed record UserPage(IReadOnlyList<UserRow> Items, int TotalCount);

public sealed record UserDetails(
    string Id, string Email, string FullName, IReadOnlyList<string> Roles,
    int? ProvinceId, string? ProvinceName, int? ComuneId, string? ComuneName,
    bool IsActive, bool IsLockedOut, string LastLogin, string CreatedAt, bool SignsInWithEntra);

/// <summary>
/// What an administrator fills in. The attributes serve the form; the service checks the same rules again
/// (and the ones the form cannot know) before writing anything.
/// </summary>
public sealed class UserInput
{
    [Required(ErrorMessage = "E-mail: campo obbligatorio.")]
    [EmailAddress(ErrorMessage = "E-mail: l'indirizzo non è valido.")]
    [StringLength(256, ErrorMessage = "E-mail: al massimo 256 caratteri.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Nome e cognome: campo obbligatorio.")]
    [StringLength(200, ErrorMessage = "Nome e cognome: al massimo 200 caratteri.")]
    public string FullName { get; set; } = "";

    public List<string> Roles { get; set; } = [];

    public int? ProvinceId { get; set; }

    public int? ComuneId { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>Only when creating: left empty, the service generates one and returns it once.</summary>
    public string? InitialPassword { get; set; }

    public static UserInput From(UserDetails user) => new()
    {
        Email = user.Email, FullName = user.FullName, Roles = [.. user.Roles],
        ProvinceId = user.ProvinceId, ComuneId = user.ComuneId, IsActive = user.IsActive,
    };
}

/// <summary>A refused value: <see cref="Field"/> is the <see cref="UserInput"/> property (empty when it concerns the whole request).</summary>
public sealed record UserFieldError(string Field, string Message);

public sealed record UserAdminResult(bool Succeeded, bool NotFound, string? UserId, string? GeneratedPassword, IReadOnlyList<UserFieldError> Errors)
{
    public static UserAdminResult Ok(string userId, string? generatedPassword = null) => new(true, false, userId, generatedPassword, []);
    public static UserAdminResult Fail(IReadOnlyList<UserFieldError> errors) => new(false, false, null, null, errors);
    public static UserAdminResult Fail(string field, string message) => Fail([new UserFieldError(field, message)]);
    public static readonly UserAdminResult Missing = new(false, true, null, null, [new UserFieldError("", "Utente non trovato.")]);

    public string ErrorText => string.Join(" ", Errors.Select(e => e.Message));
}
