using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Formazione;

/// <summary>
/// The training area as the signed-in user sees it: Moodle instances, the catalogue, one course, enrolments. Every query
/// goes through a tenant-scoped context and is narrowed to the instances serving the user's Province, so a course of
/// another Province is "not found" whatever id is typed.
/// </summary>
public sealed partial class FormazioneService(PortalDbFactory dbFactory, CurrentUser currentUser, MoodleClient client, MoodleConnections connections,
    FormazioneSync sync, TimeProvider clock)
{
    public static bool IsAdmin(PortalPrincipal u) => u.IsInAnyRole(Roles.PlatformAdmin, Roles.ProvinceAdmin);

    /// <summary>Who may enrol a colleague: the services' operators and the administrators (the Dirigente only watches).</summary>
    public static bool CanEnrolOthers(PortalPrincipal u) =>
        u.IsInAnyRole(Roles.PlatformAdmin, Roles.ProvinceAdmin, Roles.SuaOperator, Roles.EuropeOperator, Roles.CdcOperator);

    private async Task<PortalPrincipal> ViewerAsync()
    {
        var user = await currentUser.GetAsync();
        if (!user.Satisfies(Policies.Training)) throw new FormazioneForbiddenException("Il suo ruolo non consente di usare la formazione.");
        return user;
    }

    /// <summary>Courses the user may see: the tenant filter (platform's or own Province's entry) and an instance serving the user's Province.</summary>
    private static IQueryable<CorsoFormazione> Visible(PortalDbContext db, PortalPrincipal user)
    {
        var courses = db.Set<CorsoFormazione>().AsNoTracking();
        if (user.IsPlatformAdmin) return courses;
        var province = user.ProvinceId ?? -1;
        return courses.Where(c => !c.MoodleInstance!.Provinces.Any() || c.MoodleInstance.Provinces.Any(p => p.ProvinceId == province));
    }

    // ---------- Instances ----------

    public async Task<IReadOnlyList<IstanzaRow>> ListInstancesAsync(CancellationToken ct = default)
    {
        var user = await ViewerAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var province = user.ProvinceId ?? -1;
        var query = db.Set<MoodleInstance>().AsNoTracking();
        if (!user.IsPlatformAdmin) query = query.Where(i => !i.Provinces.Any() || i.Provinces.Any(p => p.ProvinceId == province));
        var rows = await query.OrderBy(i => i.Name)
            .Select(i => new { i.Id, i.Key, i.Name, i.BaseUrl, i.Enabled, i.IsDemo, Provinces = i.Provinces.Select(p => p.ProvinceId).ToList() })
            .ToListAsync(ct);
        var names = await db.Provinces.AsNoTracking().Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        return rows.Select(i => new IstanzaRow(i.Id, i.Key, i.Name, i.BaseUrl, i.Enabled, i.IsDemo,
                i.Provinces.Select(p => names.GetValueOrDefault(p, "?")).Order().ToList(), i.IsDemo || connections.HasToken(i.Key), CanEditInstance(user, i.Provinces)))
            .ToList();
    }

    /// <summary>A platform administrator edits every instance; a Province's administrator only those serving just that Province.</summary>
    private static bool CanEditInstance(PortalPrincipal user, IReadOnlyCollection<int> provinces) =>
        user.IsPlatformAdmin || (user.IsInRole(Roles.ProvinceAdmin) && user.ProvinceId is int p && provinces.Count == 1 && provinces.Contains(p));

    [GeneratedRegex("^[a-z0-9]{2,40}$")]
    private static partial Regex KeyPattern();

    public async Task<int> SaveInstanceAsync(IstanzaInput input, CancellationToken ct = default)
    {
        var user = await ViewerAsync();
        if (!IsAdmin(user)) throw new FormazioneForbiddenException("Solo gli amministratori gestiscono le istanze Moodle.");
        var errors = new Dictionary<string, string>();
        var key = (input.Key ?? "").Trim().ToLowerInvariant();
        var name = (input.Name ?? "").Trim();
        var url = (input.BaseUrl ?? "").Trim().TrimEnd('/');
        if (!KeyPattern().IsMatch(key)) errors[nameof(input.Key)] = "Chiave: da 2 a 40 lettere minuscole o cifre (es. «fadtv»); è il nome della configurazione del token.";
        if (name.Length is 0 or > 200) errors[nameof(input.Name)] = "Nome: obbligatorio, al massimo 200 caratteri.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || url.Length > 500)
            errors[nameof(input.BaseUrl)] = $"Indirizzo: «{url}» non è un URL http(s) valido (es. https://fad.provincia.tv.it).";
        var provinces = input.ProvinceIds.Distinct().ToList();
        if (!user.IsPlatformAdmin)
        {
            if (input.PlatformWide) errors[nameof(input.PlatformWide)] = "Solo l'amministratore di piattaforma crea istanze per tutte le Province.";
            provinces = [user.ProvinceId ?? -1];
        }
        else if (input.PlatformWide) provinces = [];
        else if (provinces.Count == 0) errors[nameof(input.ProvinceIds)] = "Province servite: sceglierne almeno una, o «tutte le Province».";
        if (errors.Count > 0) throw new FormazioneValidationException(errors);

        await using var db = await dbFactory.CreateAsync(ct);
        if (await db.Set<MoodleInstance>().AnyAsync(i => i.Key == key && i.Id != (input.Id ?? 0), ct))
            throw new FormazioneValidationException(nameof(input.Key), $"Chiave: esiste già un'istanza «{key}».");
        if (provinces.Count > 0 && await db.Provinces.CountAsync(p => provinces.Contains(p.Id), ct) != provinces.Count)
            throw new FormazioneValidationException(nameof(input.ProvinceIds), "Province servite: una Provincia scelta non esiste.");
        MoodleInstance instance;
        if (input.Id is int id)
        {
            instance = await db.Set<MoodleInstance>().Include(i => i.Provinces).FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new FormazioneNotFoundException();
            if (!CanEditInstance(user, instance.Provinces.Select(p => p.ProvinceId).ToList()))
                throw user.IsPlatformAdmin || instance.Provinces.Any(p => p.ProvinceId == user.ProvinceId) || instance.Provinces.Count == 0
                    ? new FormazioneForbiddenException("Questa istanza serve più Province: la modifica l'amministratore di piattaforma.")
                    : new FormazioneNotFoundException();
            instance.Provinces.RemoveAll(p => !provinces.Contains(p.ProvinceId));
        }
        else
        {
            instance = new MoodleInstance();
            db.Add(instance);
        }
        instance.Key = key;
        instance.Name = name;
        instance.BaseUrl = url;
        instance.Enabled = input.Enabled;
        foreach (var p in provinces.Where(p => instance.Provinces.All(x => x.ProvinceId != p)))
            instance.Provinces.Add(new MoodleInstanceProvince { ProvinceId = p });
        await db.SaveChangesAsync(ct);
        return instance.Id;
    }

    /// <summary>core_webservice_get_site_info: the "Prova la connessione" button. Returns a line for the user.</summary>
    public async Task<string> TestInstanceAsync(int instanceId, CancellationToken ct = default)
    {
        var user = await ViewerAsync();
        if (!IsAdmin(user)) throw new FormazioneForbiddenException("Solo gli amministratori provano le istanze Moodle.");
        await using var db = await dbFactory.CreateAsync(ct);
        var instance = await db.Set<MoodleInstance>().AsNoTracking().Include(i => i.Provinces).FirstOrDefaultAsync(i => i.Id == instanceId, ct)
            ?? throw new FormazioneNotFoundException();
        if (!user.IsPlatformAdmin && instance.Provinces.Count > 0 && instance.Provinces.All(p => p.ProvinceId != user.ProvinceId)) throw new FormazioneNotFoundException();
        if (instance.IsDemo) return $"«{instance.Name}» è un'istanza dimostrativa: nessuna connessione.";
        var info = await client.GetSiteInfoAsync(connections.EndpointOf(instance), ct);
        return $"Connessione riuscita: «{info.SiteName}», Moodle {info.Release}, utente del servizio {info.UserName}.";
    }

    /// <summary>Provinces an instance may serve (the picker of the platform administrator).</summary>
    public async Task<IReadOnlyList<(int Id, string Name)>> ListProvincesAsync(CancellationToken ct = default)
    {
        var user = await ViewerAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var query = db.Provinces.AsNoTracking().Where(p => p.SuppressedOn == null);
        if (!user.IsPlatformAdmin) query = query.Where(p => p.Id == user.ProvinceId);
        var rows = await query.Select(p => new { p.Id, p.Type, p.Name }).ToListAsync(ct);
        return rows.Select(p => (p.Id, Territory.Province.DisplayNameOf(p.Type, p.Name))).OrderBy(p => p.Item2).ToList();
    }

    // ---------- Catalogue ----------

    public async Task<(IReadOnlyList<CorsoRow> Items, int Total)> ListCoursesAsync(ServizioFormazione? servizio, string? text, int page, int pageSize, CancellationToken ct = default)
    {
        var user = await ViewerAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var query = Visible(db, user);
        if (!IsAdmin(user)) query = query.Where(c => c.Active);
        if (servizio is { } s) query = query.Where(c => c.Servizio == s);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim().ToLower();
            query = query.Where(c => c.Title.ToLower().Contains(t) || c.Audience.ToLower().Contains(t));
        }
        var total = await query.CountAsync(ct);
        var province = user.ProvinceId ?? -1;
        var userId = user.UserId ?? "";
        // Counts are the user's Province's people (the records' tenant filter), for a platform administrator every Province's.
        var items = await query.OrderBy(c => c.Servizio).ThenBy(c => c.Title).Skip(page * pageSize).Take(pageSize)
            .Select(c => new CorsoRow(c.Id, c.Title, c.Servizio, c.MoodleInstance!.Name, c.Hours, c.Audience, c.Active,
                db.Set<EsitoFormazione>().Count(e => e.CorsoFormazioneId == c.Id),
                db.Set<EsitoFormazione>().Count(e => e.CorsoFormazioneId == c.Id && e.Esito == EsitoCompletamento.Completato),
                db.Set<EsitoFormazione>().Where(e => e.CorsoFormazioneId == c.Id && e.UserId == userId).Select(e => (EsitoCompletamento?)e.Esito).FirstOrDefault(),
                c.LastSyncOkUtc, c.LastSyncError))
            .ToListAsync(ct);
        return (items, total);
    }

    public async Task<CorsoDetails> GetCourseAsync(int id, CancellationToken ct = default)
    {
        var user = await ViewerAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var userId = user.UserId ?? "";
        var admin = IsAdmin(user);
        var c = await Visible(db, user).Where(c => c.Id == id && (c.Active || admin))
            .Select(c => new
            {
                c.Id, c.Title, c.Description, c.Audience, c.Hours, c.Servizio, c.ProvinceId, c.MoodleInstanceId, Instance = c.MoodleInstance!.Name,
                c.MoodleInstance.BaseUrl, c.MoodleInstance.IsDemo, c.MoodleCourseId, c.Active, c.LastSyncOkUtc, c.LastSyncError, c.LastSyncErrorUtc,
                Mine = db.Set<EsitoFormazione>().Where(e => e.CorsoFormazioneId == c.Id && e.UserId == userId).Select(e => (EsitoCompletamento?)e.Esito).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct) ?? throw new FormazioneNotFoundException();
        return new CorsoDetails(c.Id, c.Title, c.Description, c.Audience, c.Hours, c.Servizio, c.ProvinceId, c.MoodleInstanceId, c.Instance, c.BaseUrl, c.IsDemo,
            c.MoodleCourseId, c.Active, c.LastSyncOkUtc, c.LastSyncError, c.LastSyncErrorUtc, c.Mine, CanManageCourse(user, c.ProvinceId), CanEnrolOthers(user));
    }

    /// <summary>The platform's catalogue is the platform administrator's; a Province's entries its administrators'.</summary>
    private static bool CanManageCourse(PortalPrincipal user, int? courseProvince) =>
        user.IsPlatformAdmin || (user.IsInRole(Roles.ProvinceAdmin) && courseProvince is int p && p == user.ProvinceId);

    public async Task<CorsoInput> GetCourseInputAsync(int id, CancellationToken ct = default)
    {
        var c = await GetCourseAsync(id, ct);
        if (!c.CanManage) throw new FormazioneForbiddenException("Solo gli amministratori gestiscono il catalogo.");
        return new CorsoInput
        {
            Id = c.Id, Servizio = c.Servizio, MoodleInstanceId = c.InstanceId, MoodleCourseId = c.MoodleCourseId, Title = c.Title, Description = c.Description,
            Audience = c.Audience, Hours = c.Hours, Active = c.Active, PlatformCatalogue = c.ProvinceId is null,
        };
    }

    public async Task<int> SaveCourseAsync(CorsoInput input, CancellationToken ct = default)
    {
        var user = await ViewerAsync();
        if (!IsAdmin(user)) throw new FormazioneForbiddenException("Solo gli amministratori gestiscono il catalogo.");
        var errors = new Dictionary<string, string>();
        var title = (input.Title ?? "").Trim();
        if (title.Length is 0 or > 300) errors[nameof(input.Title)] = "Titolo: obbligatorio, al massimo 300 caratteri.";
        if (input.MoodleInstanceId is null) errors[nameof(input.MoodleInstanceId)] = "Istanza Moodle: obbligatoria.";
        if (input.MoodleCourseId is not > 0) errors[nameof(input.MoodleCourseId)] = "Id del corso su Moodle: un numero intero positivo (lo si legge nell'indirizzo course/view.php?id=…).";
        if (input.MoodleCourseId == 1) errors[nameof(input.MoodleCourseId)] = "Id del corso su Moodle: 1 è la pagina del sito, non un corso.";
        if (input.Hours is not { } hours || hours <= 0 || hours > 1000) errors[nameof(input.Hours)] = "Ore: un numero maggiore di zero (al massimo 1000).";
        if ((input.Description ?? "").Length > 4000) errors[nameof(input.Description)] = "Descrizione: al massimo 4000 caratteri.";
        if ((input.Audience ?? "").Length > 500) errors[nameof(input.Audience)] = "Destinatari: al massimo 500 caratteri.";
        if (!Enum.IsDefined(input.Servizio)) errors[nameof(input.Servizio)] = "Servizio: scegliere SUA, Servizio Europa o Centro di Competenza.";
        if (input.PlatformCatalogue && !user.IsPlatformAdmin) errors[nameof(input.PlatformCatalogue)] = "Solo l'amministratore di piattaforma scrive nel catalogo comune a tutte le Province.";
        if (!input.PlatformCatalogue && user.ProvinceId is null) errors[nameof(input.PlatformCatalogue)] = "Il suo utente non ha una Provincia: scegliere il catalogo della piattaforma.";
        if (errors.Count > 0) throw new FormazioneValidationException(errors);

        await using var db = await dbFactory.CreateAsync(ct);
        var province = user.ProvinceId ?? -1;
        var instanceOk = await db.Set<MoodleInstance>().AnyAsync(i => i.Id == input.MoodleInstanceId &&
            (user.IsPlatformAdmin || !i.Provinces.Any() || i.Provinces.Any(p => p.ProvinceId == province)), ct);
        if (!instanceOk) throw new FormazioneValidationException(nameof(input.MoodleInstanceId), "Istanza Moodle: non esiste o non serve la sua Provincia.");
        int? owner = input.PlatformCatalogue ? null : user.ProvinceId;
        if (await db.Set<CorsoFormazione>().AnyAsync(c => c.MoodleInstanceId == input.MoodleInstanceId && c.MoodleCourseId == input.MoodleCourseId
                && c.ProvinceId == owner && c.Id != (input.Id ?? 0), ct))
            throw new FormazioneValidationException(nameof(input.MoodleCourseId), $"Id del corso su Moodle: il corso {input.MoodleCourseId} di questa istanza è già nel catalogo.");

        CorsoFormazione course;
        if (input.Id is int id)
        {
            course = await db.Set<CorsoFormazione>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new FormazioneNotFoundException();
            if (!CanManageCourse(user, course.ProvinceId)) throw new FormazioneForbiddenException("Questa voce è del catalogo della piattaforma: la modifica l'amministratore di piattaforma.");
            if (course.MoodleInstanceId != input.MoodleInstanceId || course.MoodleCourseId != input.MoodleCourseId)
            {
                // Another Moodle course: the records read from the old one no longer describe this entry.
                await db.Set<EsitoFormazione>().Where(e => e.CorsoFormazioneId == id).ExecuteDeleteAsync(ct);
                course.LastSyncOkUtc = null;
                course.LastSyncError = null;
                course.LastSyncErrorUtc = null;
            }
        }
        else
        {
            course = new CorsoFormazione();
            db.Add(course);
        }
        course.ProvinceId = owner;
        course.Servizio = input.Servizio;
        course.MoodleInstanceId = input.MoodleInstanceId!.Value;
        course.MoodleCourseId = input.MoodleCourseId!.Value;
        course.Title = title;
        course.Description = (input.Description ?? "").Trim();
        course.Audience = (input.Audience ?? "").Trim();
        course.Hours = decimal.Round(input.Hours!.Value, 1);
        course.Active = input.Active;
        await db.SaveChangesAsync(ct);
        return course.Id;
    }

    // ---------- People of a course ----------

    /// <summary>The records of the user's Province in a course (a platform administrator sees everyone's).</summary>
    public async Task<(IReadOnlyList<PartecipanteRow> Items, int Total)> ListParticipantsAsync(int courseId, int page, int pageSize, CancellationToken ct = default)
    {
        await GetCourseAsync(courseId, ct);
        await using var db = await dbFactory.CreateAsync(ct);
        var query = from e in db.Set<EsitoFormazione>().AsNoTracking()
                    where e.CorsoFormazioneId == courseId
                    join u in db.Users on e.UserId equals u.Id
                    join c in db.Comuni on u.ComuneId equals c.Id into comuni
                    from c in comuni.DefaultIfEmpty()
                    join p in db.Provinces on e.ProvinceId equals p.Id
                    select new { e, u.FullName, Comune = c == null ? null : c.Name, Province = p.Name };
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(x => x.FullName).Skip(page * pageSize).Take(pageSize).ToListAsync(ct);
        return (rows.Select(x => new PartecipanteRow(x.e.UserId, x.FullName, x.Comune ?? x.Province, x.e.Esito, x.e.CompletedAtUtc, x.e.Grade, x.e.GradeMax, x.e.SyncedAtUtc)).ToList(), total);
    }

    /// <summary>Active users of the user's Province matching the text, for the "iscrivi un collega" picker.</summary>
    public async Task<IReadOnlyList<ColleagueOption>> SearchColleaguesAsync(string? text, CancellationToken ct = default)
    {
        var user = await ViewerAsync();
        if (!CanEnrolOthers(user)) return [];
        await using var db = await dbFactory.CreateAsync(ct);
        var province = user.ProvinceId ?? -1;
        var query = db.Users.AsNoTracking().Where(u => u.IsActive && u.Email != null && u.ProvinceId == province);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim().ToLower();
            query = query.Where(u => u.FullName.ToLower().Contains(t) || u.Email!.ToLower().Contains(t));
        }
        return await query.OrderBy(u => u.FullName).Take(20).Select(u => new ColleagueOption(u.Id, u.FullName, u.Email!)).ToListAsync(ct);
    }

    /// <summary>
    /// Enrols the user (or a colleague of the same Province) on Moodle as a student: finds the Moodle account by e-mail,
    /// calls enrol_manual_enrol_users and records the enrolment at once (the next sync brings completion and grade).
    /// </summary>
    public async Task<string> EnrolAsync(int courseId, string? colleagueUserId, CancellationToken ct = default)
    {
        var user = await ViewerAsync();
        var course = await GetCourseAsync(courseId, ct);
        if (!course.Active) throw new FormazioneValidationException("Corso", "Il corso non è attivo nel catalogo: non accetta iscrizioni.");
        var targetId = colleagueUserId ?? user.UserId ?? throw new FormazioneForbiddenException("Serve un utente autenticato.");
        if (targetId != user.UserId && !CanEnrolOthers(user)) throw new FormazioneForbiddenException("Il suo ruolo non consente di iscrivere i colleghi.");

        await using var db = await dbFactory.CreateAsync(ct);
        var target = await db.Users.AsNoTracking().Where(u => u.Id == targetId && u.IsActive && u.ProvinceId != null)
            .Select(u => new { u.Id, u.FullName, u.Email, ProvinceId = u.ProvinceId!.Value }).FirstOrDefaultAsync(ct);
        // A colleague of another Province is "not found", as any other id the user could not see.
        if (target is null || (!user.IsPlatformAdmin && target.ProvinceId != user.ProvinceId)) throw new FormazioneNotFoundException();
        if (string.IsNullOrWhiteSpace(target.Email)) throw new FormazioneValidationException("Utente", $"{target.FullName} non ha un indirizzo e-mail: Moodle riconosce gli utenti dall'e-mail.");

        var instance = await db.Set<MoodleInstance>().AsNoTracking().FirstAsync(i => i.Id == course.InstanceId, ct);
        if (!instance.Enabled) throw new FormazioneValidationException("Corso", $"L'istanza Moodle «{instance.Name}» è disattivata: iscrizioni sospese.");
        long moodleUserId;
        if (instance.IsDemo)
            moodleUserId = 0; // demo data: nothing is sent anywhere
        else
        {
            var endpoint = connections.EndpointOf(instance);
            var moodleUser = await client.FindUserByEmailAsync(endpoint, target.Email, ct)
                ?? throw new FormazioneValidationException("Utente", $"Su Moodle «{instance.Name}» non c'è un account con l'e-mail {target.Email}: va creato lì (o con il login unico) prima dell'iscrizione.");
            moodleUserId = moodleUser.Id;
            await client.EnrolAsync(endpoint, moodleUserId, course.MoodleCourseId, MoodleClient.StudentRoleId, ct);
        }

        if (!await db.Set<EsitoFormazione>().AnyAsync(e => e.CorsoFormazioneId == courseId && e.UserId == target.Id, ct))
        {
            db.Add(new EsitoFormazione
            {
                ProvinceId = target.ProvinceId, CorsoFormazioneId = courseId, UserId = target.Id, MoodleUserId = moodleUserId,
                Esito = EsitoCompletamento.InCorso, SyncedAtUtc = clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(ct);
        }
        return target.Id == user.UserId
            ? $"Iscrizione a «{course.Title}» fatta: il corso è su {course.MoodleCourseUrl}."
            : $"{target.FullName} è iscritto/a a «{course.Title}».";
    }

    /// <summary>The "Sincronizza ora" button of a course (administrators and operators).</summary>
    public async Task<CourseSyncResult> SyncNowAsync(int courseId, CancellationToken ct = default)
    {
        var user = await ViewerAsync();
        if (!CanEnrolOthers(user)) throw new FormazioneForbiddenException("Il suo ruolo non consente di avviare la sincronizzazione.");
        var course = await GetCourseAsync(courseId, ct);
        if (course.InstanceIsDemo)
            return new CourseSyncResult(course.Id, course.Title, course.InstanceName, false, 0, 0, 0, "Istanza dimostrativa: i dati sono di esempio e non si sincronizzano.");
        return await sync.SyncCourseAsync(courseId, clock.GetUtcNow().UtcDateTime, ct);
    }
}
