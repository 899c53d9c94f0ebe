using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;

namespace ProvincePortal.Features.Requests;

public sealed record CatalogEntry(int Id, string Name, string Description, string Category, string SlaClass, RequesterKind Requesters);
public sealed record ServiceAdminRow(int Id, string Name, string Category, string SlaClass, bool IsPublished, int FieldCount, RequesterKind Requesters);
public sealed record FormFieldInfo(int Id, int Order, string Label, FormFieldKind Kind, bool Required, IReadOnlyList<string> Options, string? HelpText);
public sealed record ServiceDetails(int Id, string Name, string Description, string Category, RequesterKind Requesters, int SlaClassId, string SlaClassName,
    bool IsPublished, int RowVersion, IReadOnlyList<FormFieldInfo> Fields);
public sealed record SlaClassRow(int Id, string Name, int TakeChargeTarget, SlaUnit TakeChargeUnit, int ResolveTarget, SlaUnit ResolveUnit, int WarningPercent,
    int? ReminderEveryWorkingDays = null, int ReminderMaxCount = 3);
public sealed record NamedOption(string Id, string Name);

/// <summary>The service catalogue of the competence centre: what Comuni see and request, and its administration.</summary>
public sealed class CatalogueService(PortalDbFactory dbFactory, CurrentUser currentUser)
{
    // ---------- Portal ----------

    /// <summary>The published services the user may request, by category then name; <paramref name="text"/> searches name, description and category.</summary>
    public async Task<IReadOnlyList<CatalogEntry>> ListPublishedAsync(string? text, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var q = db.Set<CatalogService>().AsNoTracking().Where(s => s.IsPublished);
        q = RequestAccess.IsComuneUser(user) ? q.Where(s => s.Requesters != RequesterKind.UfficiProvinciali) : q;
        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim().ToUpper();
            q = q.Where(s => s.Name.ToUpper().Contains(t) || s.Description.ToUpper().Contains(t) || s.Category.ToUpper().Contains(t));
        }
        return await q.OrderBy(s => s.Category).ThenBy(s => s.Name).Take(500)
            .Select(s => new CatalogEntry(s.Id, s.Name, s.Description, s.Category, s.SlaClass!.Name, s.Requesters)).ToListAsync(ct);
    }

    /// <summary>A published service the user may request, with its form; null (not found) otherwise.</summary>
    public async Task<ServiceDetails?> GetForFilingAsync(int serviceId, CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        var s = await GetDetailsAsync(serviceId, ct);
        return s is { IsPublished: true } && RequestAccess.CanFile(user, s.Requesters) ? s : null;
    }

    // ---------- Administration ----------

    public async Task<(IReadOnlyList<ServiceAdminRow> Items, int Total)> ListForAdminAsync(int page, int pageSize, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var q = db.Set<CatalogService>().AsNoTracking();
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, 200);
        var items = await q.OrderBy(s => s.Category).ThenBy(s => s.Name).Skip(Math.Max(0, page) * size).Take(size)
            .Select(s => new ServiceAdminRow(s.Id, s.Name, s.Category, s.SlaClass!.Name, s.IsPublished,
                s.Fields.Count(f => f.RemovedAtUtc == null), s.Requesters)).ToListAsync(ct);
        return (items, total);
    }

    public async Task<ServiceDetails?> GetDetailsAsync(int serviceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var s = await db.Set<CatalogService>().AsNoTracking().Include(x => x.SlaClass)
            .Include(x => x.Fields.Where(f => f.RemovedAtUtc == null)).FirstOrDefaultAsync(x => x.Id == serviceId, ct);
        if (s is null) return null;
        return new ServiceDetails(s.Id, s.Name, s.Description, s.Category, s.Requesters, s.SlaClassId, s.SlaClass!.Name, s.IsPublished, s.RowVersion,
            s.Fields.OrderBy(f => f.Order).Select(f => new FormFieldInfo(f.Id, f.Order, f.Label, f.Kind, f.Required, f.OptionList, f.HelpText)).ToList());
    }

    public async Task<IReadOnlyList<string>> ListCategoriesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.Set<CatalogService>().AsNoTracking().Select(s => s.Category).Distinct().OrderBy(c => c).Take(200).ToListAsync(ct);
    }

    /// <summary>Creates (<paramref name="serviceId"/> null) or updates a service with its form. Returns the id.</summary>
    public async Task<int> SaveAsync(int? serviceId, ServiceInput input, CancellationToken ct = default)
    {
        var user = await RequireAdminAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var errors = Validate(input);
        if (input.SlaClassId is int sla && !await db.Set<SlaClass>().AnyAsync(c => c.Id == sla, ct))
            errors[nameof(input.SlaClassId)] = "Classe SLA: quella scelta non esiste più.";
        if (errors.Count > 0) throw new RequestValidationException(errors);

        CatalogService s;
        if (serviceId is int id)
        {
            s = await db.Set<CatalogService>().Include(x => x.Fields).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new RequestNotFoundException();
            db.Entry(s).Property(x => x.RowVersion).OriginalValue = input.RowVersion;
            s.RowVersion = input.RowVersion + 1;
        }
        else
        {
            if (user.ProvinceId is null) throw new RequestForbiddenException("Un servizio appartiene a una Provincia: l'utente non ne ha una.");
            s = new CatalogService { ProvinceId = user.ProvinceId.Value, CreatedAtUtc = DateTime.UtcNow };
            db.Add(s);
        }
        s.Name = input.Name!.Trim();
        s.Description = (input.Description ?? "").Trim();
        s.Category = input.Category!.Trim();
        s.Requesters = input.Requesters;
        s.SlaClassId = input.SlaClassId!.Value;
        s.IsPublished = input.IsPublished;

        var now = DateTime.UtcNow;
        var kept = input.Fields.Where(f => f.Id is not null).Select(f => f.Id!.Value).ToHashSet();
        var fieldIds = s.Fields.Select(f => f.Id).ToList();
        var usedIds = fieldIds.Count == 0 ? [] : await db.Set<RequestFieldValue>().Where(v => fieldIds.Contains(v.FieldId))
            .Select(v => v.FieldId).Distinct().ToListAsync(ct);
        foreach (var old in s.Fields.Where(f => f.RemovedAtUtc == null && !kept.Contains(f.Id)).ToList())
        {
            // A field with answers stays (the requests show it); one never used goes.
            if (usedIds.Contains(old.Id)) old.RemovedAtUtc = now;
            else s.Fields.Remove(old);
        }
        for (var i = 0; i < input.Fields.Count; i++)
        {
            var f = input.Fields[i];
            var field = f.Id is int fid ? s.Fields.FirstOrDefault(x => x.Id == fid && x.RemovedAtUtc == null) : null;
            if (f.Id is not null && field is null)
                throw new RequestValidationException($"Fields[{i}]", $"Campo {i + 1} «{f.Label}»: non appartiene più a questo servizio; ricarichi la pagina.");
            if (field is null) s.Fields.Add(field = new ServiceFormField());
            field.Order = i + 1;
            field.Label = f.Label!.Trim();
            field.Kind = f.Kind;
            field.Required = f.Required;
            field.Options = f.Kind == FormFieldKind.Scelta ? string.Join("\n", SplitOptions(f.Options)) : null;
            field.HelpText = string.IsNullOrWhiteSpace(f.HelpText) ? null : f.HelpText.Trim();
        }
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new RequestConcurrencyException(RequestConcurrencyException.ServiceChanged); }
        return s.Id;
    }

    private static Dictionary<string, string> Validate(ServiceInput input)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Name)) errors[nameof(input.Name)] = "Nome del servizio: è obbligatorio.";
        else if (input.Name.Trim().Length > 200) errors[nameof(input.Name)] = "Nome del servizio: al massimo 200 caratteri.";
        if (string.IsNullOrWhiteSpace(input.Category)) errors[nameof(input.Category)] = "Categoria: è obbligatoria.";
        else if (input.Category.Trim().Length > 100) errors[nameof(input.Category)] = "Categoria: al massimo 100 caratteri.";
        if ((input.Description ?? "").Length > 4000) errors[nameof(input.Description)] = "Descrizione: al massimo 4.000 caratteri.";
        if (input.SlaClassId is null) errors[nameof(input.SlaClassId)] = "Classe SLA: è obbligatoria.";
        if (input.Fields.Count > 50) errors[nameof(input.Fields)] = "Modulo: al massimo 50 campi.";
        var labels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < input.Fields.Count; i++)
        {
            var f = input.Fields[i];
            var key = $"Fields[{i}]";
            if (string.IsNullOrWhiteSpace(f.Label)) errors[key] = $"Campo {i + 1} del modulo: l'etichetta è obbligatoria.";
            else if (f.Label.Trim().Length > 200) errors[key] = $"Campo {i + 1} «{f.Label.Trim()[..30]}…»: etichetta di al massimo 200 caratteri.";
            else if (!labels.Add(f.Label.Trim())) errors[key] = $"Campo {i + 1} «{f.Label.Trim()}»: c'è già un campo con la stessa etichetta.";
            else if (f.Kind == FormFieldKind.Scelta && SplitOptions(f.Options).Count < 2)
                errors[key] = $"Campo {i + 1} «{f.Label.Trim()}»: una scelta da elenco richiede almeno due opzioni, una per riga.";
            else if (!Enum.IsDefined(f.Kind)) errors[key] = $"Campo {i + 1} «{f.Label.Trim()}»: tipo di campo non valido.";
        }
        return errors;
    }

    private static List<string> SplitOptions(string? options) =>
        (options ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    // ---------- SLA classes, groups, operators ----------

    public async Task<IReadOnlyList<SlaClassRow>> ListSlaClassesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.Set<SlaClass>().AsNoTracking().OrderBy(c => c.Name).Take(200)
            .Select(c => new SlaClassRow(c.Id, c.Name, c.TakeChargeTarget, c.TakeChargeUnit, c.ResolveTarget, c.ResolveUnit, c.WarningPercent,
                c.ReminderEveryWorkingDays, c.ReminderMaxCount)).ToListAsync(ct);
    }

    public async Task<int> SaveSlaClassAsync(SlaClassInput input, CancellationToken ct = default)
    {
        var user = await RequireAdminAsync();
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Name)) errors[nameof(input.Name)] = "Classe SLA: il nome è obbligatorio.";
        if (input.TakeChargeTarget < 1 || input.TakeChargeTarget > 10_000) errors[nameof(input.TakeChargeTarget)] = "Tempo di presa in carico: un numero intero da 1 a 10.000.";
        if (input.ResolveTarget < 1 || input.ResolveTarget > 10_000) errors[nameof(input.ResolveTarget)] = "Tempo di risoluzione: un numero intero da 1 a 10.000.";
        if (input.WarningPercent < 1 || input.WarningPercent > 99) errors[nameof(input.WarningPercent)] = "Avviso: una percentuale da 1 a 99.";
        if (!Enum.IsDefined(input.TakeChargeUnit) || !Enum.IsDefined(input.ResolveUnit)) errors[nameof(input.ResolveUnit)] = "Unità: minuti, ore o giorni lavorativi.";
        if (input.ReminderEveryWorkingDays is int every && (every < 1 || every > RequestReminders.MaxEveryWorkingDays))
            errors[nameof(input.ReminderEveryWorkingDays)] = $"Promemoria ogni: un numero di giorni lavorativi da 1 a {RequestReminders.MaxEveryWorkingDays}, oppure vuoto per nessun promemoria.";
        if (input.ReminderEveryWorkingDays is not null && (input.ReminderMaxCount < 1 || input.ReminderMaxCount > RequestReminders.MaxCount))
            errors[nameof(input.ReminderMaxCount)] = $"Numero massimo di promemoria: da 1 a {RequestReminders.MaxCount}.";
        if (errors.Count > 0) throw new RequestValidationException(errors);
        await using var db = await dbFactory.CreateAsync(ct);
        var name = input.Name!.Trim();
        if (await db.Set<SlaClass>().AnyAsync(c => c.Name == name && c.Id != (input.Id ?? 0), ct))
            throw new RequestValidationException(nameof(input.Name), $"Classe SLA: esiste già una classe «{name}».");
        SlaClass c;
        if (input.Id is int id) c = await db.Set<SlaClass>().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new RequestNotFoundException();
        else
        {
            if (user.ProvinceId is null) throw new RequestForbiddenException("Una classe SLA appartiene a una Provincia: l'utente non ne ha una.");
            db.Add(c = new SlaClass { ProvinceId = user.ProvinceId.Value });
        }
        c.Name = name;
        c.TakeChargeTarget = input.TakeChargeTarget; c.TakeChargeUnit = input.TakeChargeUnit;
        c.ResolveTarget = input.ResolveTarget; c.ResolveUnit = input.ResolveUnit;
        c.WarningPercent = input.WarningPercent;
        c.ReminderEveryWorkingDays = input.ReminderEveryWorkingDays;
        if (input.ReminderEveryWorkingDays is not null) c.ReminderMaxCount = input.ReminderMaxCount;
        await db.SaveChangesAsync(ct);
        return c.Id;
    }

    public async Task<IReadOnlyList<NamedOption>> ListGroupsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return (await db.Set<OperatorGroup>().AsNoTracking().Where(g => g.IsActive).OrderBy(g => g.Name).Take(200).Select(g => new { g.Id, g.Name }).ToListAsync(ct))
            .Select(g => new NamedOption(g.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), g.Name)).ToList();
    }

    /// <summary>The operators of the user's Province a request can be assigned to.</summary>
    public async Task<IReadOnlyList<NamedOption>> ListOperatorsAsync(CancellationToken ct = default)
    {
        var user = await currentUser.GetAsync();
        if (!RequestAccess.IsOperator(user)) return [];
        await using var db = await dbFactory.CreateAsync(ct);
        return await OperatorsQuery(db, user.ProvinceId).OrderBy(u => u.FullName).Take(500)
            .Select(u => new NamedOption(u.Id, u.FullName)).ToListAsync(ct);
    }

    internal static IQueryable<PortalUser> OperatorsQuery(PortalDbContext db, int? provinceId) =>
        from u in db.Users
        where u.IsActive && u.ProvinceId == provinceId
              && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && (r.Name == Roles.CdcOperator || r.Name == Roles.ProvinceAdmin)))
        select u;

    private async Task<PortalPrincipal> RequireAdminAsync()
    {
        var user = await currentUser.GetAsync();
        if (!RequestAccess.IsCatalogueAdmin(user)) throw new RequestForbiddenException("Solo gli amministratori della Provincia gestiscono il catalogo dei servizi.");
        return user;
    }
}
