namespace ProvincePortal.Features.Identity;

/// <summary>The roles of the platform. Names are stable identifiers (also the Entra ID app-role values).</summary>
public static class Roles
{
    public const string PlatformAdmin = "AmministratorePiattaforma";
    public const string ProvinceAdmin = "AmministratoreProvinciale";
    public const string SuaOperator = "OperatoreSUA";
    public const string EuropeOperator = "OperatoreEuropa";
    public const string CdcOperator = "OperatoreCdC";
    public const string Manager = "Dirigente";
    public const string ComuneUser = "UtenteComune";

    public static readonly IReadOnlyList<string> All =
        [PlatformAdmin, ProvinceAdmin, SuaOperator, EuropeOperator, CdcOperator, Manager, ComuneUser];

    /// <summary>Italian label shown in the UI (passed through the localizer by the caller).</summary>
    public static string Label(string role) => role switch
    {
        PlatformAdmin => "Amministratore di piattaforma",
        ProvinceAdmin => "Amministratore provinciale",
        SuaOperator => "Operatore SUA",
        EuropeOperator => "Operatore Europa",
        CdcOperator => "Operatore Centro di Competenza",
        Manager => "Dirigente",
        ComuneUser => "Utente Comune",
        _ => role,
    };

    public static bool IsKnown(string role) => All.Contains(role);
}

/// <summary>Authorization policies: which roles may use each section. Pages and services use the same names.</summary>
public static class Policies
{
    public const string Administration = "Amministrazione";
    public const string Tenders = "Gare";
    public const string EuCalls = "BandiUe";
    public const string Requests = "RichiesteComuni";
    public const string RequestsDashboard = "CruscottoRichieste";
    public const string Documents = "Documenti";
    public const string DigitalAgenda = "AgendaDigitale";
    /// <summary>Everyone answers the questionnaires sent to them; SurveyService narrows who manages campaigns.</summary>
    public const string Surveys = "Questionari";
    /// <summary>Training of the Province's own staff (catalogue, enrolment, dashboard); the Comuni's users are not in it.</summary>
    public const string Training = "Formazione";
    public const string PlatformAdministration = "AmministrazionePiattaforma";

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [Administration] = [Roles.PlatformAdmin, Roles.ProvinceAdmin],
        [PlatformAdministration] = [Roles.PlatformAdmin],
        // Comune users read the procedures their Comune commissioned (narrowed by TenderService).
        [Tenders] = [Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.SuaOperator, Roles.Manager, Roles.ComuneUser],
        [EuCalls] = [Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.EuropeOperator, Roles.Manager, Roles.ComuneUser],
        [Requests] = [Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.CdcOperator, Roles.Manager, Roles.ComuneUser],
        // How fast and how well the Comuni are served is for the Province's staff, not for the Comuni themselves.
        [RequestsDashboard] = [Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.CdcOperator, Roles.Manager],
        [Documents] = Roles.All.ToArray(),
        [DigitalAgenda] = [Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.CdcOperator, Roles.Manager, Roles.ComuneUser],
        [Surveys] = Roles.All.ToArray(),
        [Training] = [Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.SuaOperator, Roles.EuropeOperator, Roles.CdcOperator, Roles.Manager],
    };
}
