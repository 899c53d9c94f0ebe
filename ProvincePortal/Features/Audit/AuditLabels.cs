using System.Collections.Concurrent;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace ProvincePortal.Features.Audit;

/// <summary>
/// Italian names of the entities and fields the trail stores by their CLR names. A feature names its own with
/// [DisplayName("Gara")] on the class and [Display(Name = "Importo a base d'asta")] on a property; Identity's
/// classes, which we cannot annotate, are named here. The result is a localizer key (Italian text).
/// </summary>
public static class AuditLabels
{
    private static readonly Dictionary<string, string> KnownEntities = new()
    {
        ["PortalUser"] = "Utente",
        ["IdentityRole"] = "Ruolo",
        ["IdentityUserRole"] = "Ruolo di un utente",
        ["IdentityUserClaim"] = "Attributo di un utente",
        ["IdentityRoleClaim"] = "Attributo di un ruolo",
        ["IdentityUserLogin"] = "Accesso esterno di un utente",
        ["IdentityUserToken"] = "Token di un utente",
        ["Region"] = "Regione",
        ["Province"] = "Provincia",
        ["Comune"] = "Comune",
        ["TerritoryEdition"] = "Edizione ISTAT del territorio",
    };

    private static readonly Dictionary<string, string> KnownFields = new()
    {
        ["FullName"] = "Nome e cognome",
        ["UserName"] = "Nome utente",
        ["Email"] = "E-mail",
        ["EmailConfirmed"] = "E-mail confermata",
        ["PhoneNumber"] = "Telefono",
        ["PhoneNumberConfirmed"] = "Telefono confermato",
        ["PasswordHash"] = "Password",
        ["TwoFactorEnabled"] = "Verifica in due passaggi",
        ["LockoutEnabled"] = "Blocco dopo tentativi falliti",
        ["LockoutEnd"] = "Bloccato fino al",
        ["ProvinceId"] = "Provincia",
        ["ComuneId"] = "Comune",
        ["IsActive"] = "Attivo",
        ["CreatedAtUtc"] = "Creato il",
        ["EntraObjectId"] = "Account Microsoft Entra ID",
        ["UserId"] = "Utente",
        ["RoleId"] = "Ruolo",
        ["ClaimType"] = "Tipo",
        ["ClaimValue"] = "Valore",
        ["LoginProvider"] = "Fornitore di accesso",
        ["ProviderKey"] = "Chiave del fornitore",
        ["ProviderDisplayName"] = "Nome del fornitore",
        ["Name"] = "Nome",
        ["Value"] = "Valore",
    };

    private static readonly ConcurrentDictionary<string, Type?> TypesByName = new();
    private static readonly ConcurrentDictionary<(string, string), string> FieldLabels = new();

    public static string Entity(string entity)
    {
        if (ClrType(entity)?.GetCustomAttribute<DisplayNameAttribute>() is { DisplayName.Length: > 0 } named) return named.DisplayName;
        return KnownEntities.GetValueOrDefault(entity, entity);
    }

    public static string Field(string entity, string field) => FieldLabels.GetOrAdd((entity, field), static key =>
    {
        var (entity, field) = key;
        var property = ClrType(entity)?.GetProperty(field, BindingFlags.Public | BindingFlags.Instance);
        if (property?.GetCustomAttribute<DisplayAttribute>()?.GetName() is { Length: > 0 } display) return display;
        if (property?.GetCustomAttribute<DisplayNameAttribute>() is { DisplayName.Length: > 0 } named) return named.DisplayName;
        return KnownFields.GetValueOrDefault(field, field);
    });

    public static string Action(AuditAction action) => action switch
    {
        AuditAction.Inserimento => "Inserimento",
        AuditAction.Modifica => "Modifica",
        AuditAction.Eliminazione => "Eliminazione",
        _ => action.ToString(),
    };

    /// <summary>What a summary entry stands for: "Inserimento di 7.903 record".</summary>
    public static string Summary(AuditAction action, int count) =>
        $"{Action(action)} di {Localization.Formats.Number(count)} record";

    // Entities are stored by short CLR name; our own are unique by name inside the app's assembly.
    private static Type? ClrType(string entity) => TypesByName.GetOrAdd(entity, static name =>
        typeof(AuditLabels).Assembly.GetTypes().FirstOrDefault(t => t.IsClass && !t.IsAbstract && t.Name == name && t.Namespace?.StartsWith("ProvincePortal.Features") == true));
}
