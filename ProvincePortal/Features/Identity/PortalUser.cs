using Microsoft.AspNetCore.Identity;

namespace ProvincePortal.Features.Identity;

/// <summary>A person who signs in: a province officer, a manager or an officer of a Comune.</summary>
public class PortalUser : IdentityUser
{
    public string FullName { get; set; } = "";

    /// <summary>The Province (tenant) the user works for; null only for platform administrators.</summary>
    public int? ProvinceId { get; set; }

    /// <summary>For Utente Comune: the Comune the officer belongs to.</summary>
    public int? ComuneId { get; set; }

    public bool IsActive { get; set; } = true;
    public DateTime CreatedAtUtc { get; set; } = DateTime.UtcNow;
    public DateTime? LastLoginUtc { get; set; }

    /// <summary>Set for users created from Microsoft Entra ID: the object id ("oid") of the account.</summary>
    public string? EntraObjectId { get; set; }
}
