using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Formazione;

/// <summary>
/// DEMO DATA: a Moodle instance that does not exist ("moodle.esempio.invalid", never called: IsDemo), three courses of the
/// catalogue and a few completion records as a sync would have written them, so that the catalogue and the dashboard show
/// something after the first `dotnet run`. Seeded once; no network call.
/// </summary>
public static class FormazioneDemoData
{
    public const string InstanceKey = "demo";
    public const string SuaCourse = "Il RUP e il nuovo Codice dei contratti (d.lgs. 36/2023)";
    public const string EuropaCourse = "Progettare per i fondi europei: dalla call al partenariato";
    public const string CdcCourse = "Transizione digitale dei Comuni: pagoPA, app IO e cloud";

    public static async Task SeedAsync(PortalDbContext db, CancellationToken ct)
    {
        if (await db.Set<MoodleInstance>().AnyAsync(i => i.Key == InstanceKey, ct)) return;
        var treviso = await db.Provinces.FirstOrDefaultAsync(p => p.Sigla == "TV" && p.SuppressedOn == null, ct);
        if (treviso is null) return;

        var instance = new MoodleInstance
        {
            Key = InstanceKey, Name = "Moodle dimostrativo (dati di esempio)", BaseUrl = "https://moodle.esempio.invalid", Enabled = true, IsDemo = true,
        };
        var now = DateTime.UtcNow;
        // The SUA course is in the platform's catalogue (every Province sees it); the other two are Treviso's own.
        var sua = new CorsoFormazione
        {
            MoodleInstance = instance, MoodleCourseId = 101, Servizio = ServizioFormazione.Sua, Title = SuaCourse, Hours = 12,
            Audience = "RUP, operatori della SUA e uffici tecnici dei Comuni",
            Description = "Programmazione, progettazione, affidamento ed esecuzione secondo il d.lgs. 36/2023; digitalizzazione del ciclo di vita dei contratti e BDNCP. Dati di esempio.",
            LastSyncOkUtc = now.AddHours(-3),
        };
        var europa = new CorsoFormazione
        {
            ProvinceId = treviso.Id, MoodleInstance = instance, MoodleCourseId = 102, Servizio = ServizioFormazione.Europa, Title = EuropaCourse, Hours = 8,
            Audience = "Operatori del Servizio Europa e referenti dei Comuni", LastSyncOkUtc = now.AddHours(-3),
            Description = "Leggere un bando del Funding & Tenders Portal, costruire il partenariato, budget e rendicontazione. Dati di esempio.",
        };
        var cdc = new CorsoFormazione
        {
            ProvinceId = treviso.Id, MoodleInstance = instance, MoodleCourseId = 103, Servizio = ServizioFormazione.CentroDiCompetenza, Title = CdcCourse, Hours = 6.5m,
            Audience = "Operatori del Centro di Competenza e personale dei Comuni", LastSyncOkUtc = now.AddHours(-3),
            Description = "Le misure PA digitale 2026 per i Comuni: pagamenti, servizi in app IO, migrazione al cloud. Dati di esempio.",
        };
        db.AddRange(instance, sua, europa, cdc);
        await db.SaveChangesAsync(ct);

        var users = await db.Users.Where(u => u.Email != null && u.Email.EndsWith("@demo.it")).Select(u => new { u.Id, u.Email, u.ProvinceId }).ToListAsync(ct);
        void Record(string email, CorsoFormazione course, EsitoCompletamento esito, int daysAgo = 0, decimal? grade = null)
        {
            var u = users.FirstOrDefault(x => x.Email == email);
            if (u?.ProvinceId is not int province) return;
            db.Add(new EsitoFormazione
            {
                ProvinceId = province, CorsoFormazioneId = course.Id, UserId = u.Id, MoodleUserId = 1000 + users.IndexOf(u), Esito = esito,
                CompletedAtUtc = esito == EsitoCompletamento.Completato ? now.AddDays(-daysAgo) : null, Grade = grade, GradeMax = grade is null ? null : 100,
                SyncedAtUtc = now.AddHours(-3),
            });
        }
        Record("sua@demo.it", sua, EsitoCompletamento.Completato, 20, 86);
        Record("dirigente@demo.it", sua, EsitoCompletamento.Completato, 35, 92);
        Record("provincia@demo.it", sua, EsitoCompletamento.InCorso);
        Record("europa@demo.it", europa, EsitoCompletamento.InCorso);
        Record("dirigente@demo.it", europa, EsitoCompletamento.Completato, 10, 78);
        Record("cdc@demo.it", cdc, EsitoCompletamento.Completato, 5, 95);
        Record("comune@demo.it", cdc, EsitoCompletamento.Completato, 12, 70);
        Record("provincia@demo.it", cdc, EsitoCompletamento.NonTracciato);
        Record("sua.bs@demo.it", sua, EsitoCompletamento.InCorso);
        await db.SaveChangesAsync(ct);
    }
}
