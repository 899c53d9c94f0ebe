using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Questionari;

/// <summary>
/// A periodic survey of Treviso's Comuni on the competence centre, half-way through, with a few answers: the results page
/// and the dashboard's NPS have something to show, and Conegliano (the demo Comune user) still has to answer. Seeded once.
/// </summary>
public static class QuestionariDemoData
{
    public const string CampaignTitle = "Indagine 2026 sui servizi del Centro di Competenza";

    public static async Task SeedAsync(PortalDbContext db, CancellationToken ct)
    {
        var treviso = await db.Provinces.FirstOrDefaultAsync(p => p.Sigla == "TV" && p.SuppressedOn == null, ct);
        if (treviso is null || await db.SurveyCampaigns.IgnoreQueryFilters().AnyAsync(c => c.ProvinceId == treviso.Id && c.Title == CampaignTitle, ct)) return;
        string[] names = ["Conegliano", "Treviso", "Castelfranco Veneto", "Montebelluna", "Oderzo", "Vittorio Veneto"];
        var comuni = await db.Comuni.Where(c => c.ProvinceId == treviso.Id && c.SuppressedOn == null && names.Contains(c.Name))
            .Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        if (comuni.Count == 0) return;

        var now = DateTime.UtcNow;
        var opens = now.AddDays(-20);
        var questionnaire = new Questionnaire
        {
            ProvinceId = treviso.Id, Purpose = QuestionnairePurpose.Periodico, Title = CampaignTitle, CreatedAtUtc = opens,
            Intro = "Ogni anno chiediamo ai Comuni della Provincia un giudizio sui servizi del Centro di Competenza sulla Digitalizzazione.",
            Questions =
            [
                new() { Order = 1, Kind = QuestionKind.Nps, Required = true, ExternalKey = "nps", Text = "Quanto consiglierebbe i servizi del Centro di Competenza a un altro Comune?" },
                new() { Order = 2, Kind = QuestionKind.Scala, Required = true, Text = "Quanto sono chiare le informazioni del catalogo dei servizi?" },
                new() { Order = 3, Kind = QuestionKind.SceltaMultipla, Text = "Quali servizi ha usato quest'anno?",
                        Options = "Assistenza pagoPA\nSito istituzionale\nMigrazione al cloud\nFormazione\nPrivacy e sicurezza" },
                new() { Order = 4, Kind = QuestionKind.TestoLungo, Text = "Che cosa potremmo migliorare?" },
            ],
        };
        var campaign = new SurveyCampaign
        {
            ProvinceId = treviso.Id, Questionnaire = questionnaire, Title = CampaignTitle, Audience = SurveyAudience.Comuni, OpensAtUtc = opens,
            ClosesAtUtc = now.Date.AddDays(11), ReminderAfterDays = 7, CreatedByName = "Carlo Competenza", CreatedAtUtc = opens,
        };
        db.SurveyCampaigns.Add(campaign);
        await db.SaveChangesAsync(ct);
        var q = questionnaire.Questions.OrderBy(x => x.Order).ToList();

        // (Comune, who answered, NPS, clarity, services used, suggestion); Conegliano has not answered yet.
        var answers = new Dictionary<string, (string By, int Nps, int Clarity, string Used, string? Text)>
        {
            ["Treviso"] = ("Giulia Ferraro", 9, 4, "Assistenza pagoPA\nSito istituzionale", "Più incontri di formazione in presenza."),
            ["Castelfranco Veneto"] = ("Luca Zanatta", 10, 5, "Migrazione al cloud", null),
            ["Montebelluna"] = ("Sara Bortolin", 7, 3, "Formazione\nPrivacy e sicurezza", "Tempi di presa in carico più brevi nei periodi di scadenza PNRR."),
            ["Oderzo"] = ("Marco Dal Bo", 5, 2, "Assistenza pagoPA", "Il catalogo non dice chi contattare per le urgenze."),
        };
        foreach (var c in comuni)
        {
            var invitation = new SurveyInvitation
            {
                ProvinceId = treviso.Id, CampaignId = campaign.Id, Token = SatisfactionSurveys.NewToken(), RespondentComuneId = c.Id,
                RespondentName = "Comune di " + c.Name, CreatedAtUtc = opens, NotifiedAtUtc = opens, ReminderDueAtUtc = opens.AddDays(7),
                ReminderSentAtUtc = opens.AddDays(7),
            };
            db.SurveyInvitations.Add(invitation);
            if (!answers.TryGetValue(c.Name, out var a)) continue;
            var at = opens.AddDays(2 + invitation.RespondentName.Length % 9);
            invitation.AnsweredAtUtc = at;
            await db.SaveChangesAsync(ct);
            var response = new SurveyResponse
            {
                ProvinceId = treviso.Id, InvitationId = invitation.Id, CampaignId = campaign.Id, SubmittedAtUtc = at, SubmittedByName = a.By,
                Answers =
                [
                    new() { QuestionId = q[0].Id, Score = a.Nps },
                    new() { QuestionId = q[1].Id, Score = a.Clarity },
                    new() { QuestionId = q[2].Id, Text = a.Used },
                ],
            };
            if (a.Text is { } t) response.Answers.Add(new SurveyAnswer { QuestionId = q[3].Id, Text = t });
            db.SurveyResponses.Add(response);
        }
        await db.SaveChangesAsync(ct);
    }
}
