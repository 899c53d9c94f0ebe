using ProvincePortal.Features.Tenders;

namespace ProvincePortal.Features.EuCalls.Projects;

public sealed class ProjectPartnerInput
{
    public string? Organisation { get; set; }
    public string? Country { get; set; } = "IT";
    public ProjectPartnerRole Role { get; set; } = ProjectPartnerRole.Partner;
}

public sealed class ProjectMilestoneInput
{
    public string? Title { get; set; }
    public DateTime? Date { get; set; }
    public bool Done { get; set; }
}

/// <summary>What the project form edits: amounts in euro, dates as the pickers give them, the lists replaced as a whole.</summary>
public sealed class ProjectInput
{
    public string? Title { get; set; }
    public string? Acronym { get; set; }
    public int? CallId { get; set; }
    public string? CallReference { get; set; }
    public string? Programme { get; set; }
    public string? LeadOrganisation { get; set; }
    public decimal? TotalBudget { get; set; }
    public decimal? EuShare { get; set; }
    public string? Cup { get; set; }
    public DateTime? StartDate { get; set; }
    public DateTime? EndDate { get; set; }
    public string? Description { get; set; }
    public IReadOnlyCollection<int> ComuneIds { get; set; } = [];
    public List<ProjectPartnerInput> Partners { get; set; } = [];
    public List<ProjectMilestoneInput> Milestones { get; set; } = [];

    public static ProjectInput From(Project p) => new()
    {
        Title = p.Title, Acronym = p.Acronym, CallId = p.CallId, CallReference = p.CallReference, Programme = p.Programme,
        LeadOrganisation = p.LeadOrganisation, TotalBudget = p.TotalBudgetCents / 100m, EuShare = p.EuShareCents / 100m, Cup = p.Cup,
        StartDate = Money.ToDateTime(p.StartDate), EndDate = Money.ToDateTime(p.EndDate), Description = p.Description,
        ComuneIds = p.Comuni.Select(c => c.ComuneId).ToHashSet(),
        Partners = p.Partners.OrderBy(x => x.Id).Select(x => new ProjectPartnerInput { Organisation = x.Organisation, Country = x.Country, Role = x.Role }).ToList(),
        Milestones = p.Milestones.OrderBy(x => x.Date).ThenBy(x => x.Id)
            .Select(x => new ProjectMilestoneInput { Title = x.Title, Date = Money.ToDateTime(x.Date), Done = x.Done }).ToList(),
    };

    /// <summary>Field-level checks, keyed by property name ("Partners[1].Country" for a row of a list).</summary>
    public Dictionary<string, string> Validate()
    {
        var e = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Title)) e[nameof(Title)] = "Il titolo è obbligatorio.";
        else if (Title.Trim().Length > 500) e[nameof(Title)] = "Il titolo supera i 500 caratteri.";
        if (Acronym is { Length: > 50 }) e[nameof(Acronym)] = "L'acronimo supera i 50 caratteri.";
        if (CallReference is { Length: > 300 }) e[nameof(CallReference)] = "Il riferimento al bando supera i 300 caratteri.";
        if (!string.IsNullOrEmpty(Programme) && !EuCodeLists.Programmes.Contains(Programme))
            e[nameof(Programme)] = $"Programma «{Programme}» non presente nell'elenco.";
        if (string.IsNullOrWhiteSpace(LeadOrganisation)) e[nameof(LeadOrganisation)] = "Il capofila è obbligatorio.";
        else if (LeadOrganisation.Trim().Length > 300) e[nameof(LeadOrganisation)] = "Il nome del capofila supera i 300 caratteri.";
        if (TotalBudget is < 0) e[nameof(TotalBudget)] = "Il budget totale non può essere negativo.";
        if (EuShare is < 0) e[nameof(EuShare)] = "La quota UE non può essere negativa.";
        else if (EuShare is { } eu && eu > (TotalBudget ?? 0))
            e[nameof(EuShare)] = $"La quota UE ({Localization.Formats.Euro(eu)}) non può superare il budget totale ({Localization.Formats.Euro(TotalBudget ?? 0)}).";
        if (!string.IsNullOrWhiteSpace(Cup) && CupCode.Check(Cup) is { } cup) e[nameof(Cup)] = cup;
        if (StartDate is { } s && EndDate is { } f && f < s)
            e[nameof(EndDate)] = $"La data di fine ({Localization.Formats.Date(DateOnly.FromDateTime(f))}) non può precedere la data di inizio ({Localization.Formats.Date(DateOnly.FromDateTime(s))}).";
        if (Description is { Length: > 4000 }) e[nameof(Description)] = "La descrizione supera i 4000 caratteri.";
        for (var i = 0; i < Partners.Count; i++)
        {
            var p = Partners[i];
            if (string.IsNullOrWhiteSpace(p.Organisation)) e[$"Partners[{i}].Organisation"] = $"Partner {i + 1}: l'ente è obbligatorio.";
            var c = (p.Country ?? "").Trim().ToUpperInvariant();
            if (c.Length != 2 || !c.All(char.IsAsciiLetterUpper))
                e[$"Partners[{i}].Country"] = $"Partner {i + 1}: paese non valido, indicare il codice ISO di due lettere (es. IT, DE).";
        }
        for (var i = 0; i < Milestones.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Milestones[i].Title)) e[$"Milestones[{i}].Title"] = $"Tappa {i + 1}: il titolo è obbligatorio.";
            if (Milestones[i].Date is null) e[$"Milestones[{i}].Date"] = $"Tappa {i + 1}: la data è obbligatoria.";
        }
        return e;
    }
}
