using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.EuCalls;

/// <summary>Editing of a Province's own calls; every field changed is written to the call's history (<see cref="CallChange"/>) like an import.</summary>
public sealed partial class CallService
{
    /// <summary>The form's values of an own call the user may edit; null when the call does not exist for the user or is not editable.</summary>
    public async Task<OwnCallInput?> GetOwnInputAsync(int id, CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        if (!MayWrite(user) || user.ProvinceId is not int province) return null;
        await using var db = await dbFactory.CreateAsync(ct);
        var call = await db.Calls.AsNoTracking().Include(c => c.Deadlines).FirstOrDefaultAsync(c => c.Id == id && c.ProvinceId == province, ct);
        if (call is null) return null;
        return new OwnCallInput
        {
            Origin = call.Origin, Identifier = call.Identifier, Title = call.Title, Programme = call.Programme, CallTitle = call.CallTitle,
            TypeOfAction = call.TypeOfAction, Beneficiaries = call.Beneficiaries, Keywords = call.Keywords.Replace(" | ", ", "),
            Description = call.Description, Budget = call.BudgetCents / 100m, MinContribution = call.MinContributionCents / 100m,
            MaxContribution = call.MaxContributionCents / 100m, CoFinancingRate = call.CoFinancingRate,
            Opening = call.OpeningUtc is { } o ? TimeZoneInfo.ConvertTimeFromUtc(o, Formats.Rome) : null,
            Deadlines = call.Deadlines.OrderBy(d => d.DeadlineUtc).Select(d => TimeZoneInfo.ConvertTimeFromUtc(d.DeadlineUtc, Formats.Rome)).ToList(),
            Url = call.Url,
        };
    }

    /// <summary>
    /// Saves an own call of the user's Province. Portal calls are read-only (only the Province's note changes them); another
    /// Province's call does not exist for the user. Returns how many fields changed.
    /// </summary>
    public async Task<int> UpdateOwnAsync(int id, OwnCallInput input, CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        if (!MayWrite(user) || user.ProvinceId is not int province)
            throw new CallValidationException(["Solo l'Operatore Europa e gli amministratori della Provincia possono modificare i bandi."]);
        await using var db = await dbFactory.CreateAsync(ct);
        var call = await db.Calls.Include(c => c.Deadlines).FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new CallValidationException(["Bando non trovato."]);
        if (call.ProvinceId != province)
            throw new CallValidationException([call.ProvinceId is null
                ? "I bandi del portale Funding & Tenders non si modificano: si aggiornano con l'importazione. Si possono annotare rilevanza e note."
                : "Bando non trovato."]);
        var errors = Validate(input);
        if (errors.Count > 0) throw new CallValidationException(errors);

        var changes = new List<(string Field, string? Old, string? New)>();
        void Set<T>(string field, T current, T next, Action<T> assign, Func<T, string?> show)
        {
            if (EqualityComparer<T>.Default.Equals(current, next)) return;
            changes.Add((field, show(current), show(next)));
            assign(next);
        }
        static string? Text(string? s) => s;
        static string? Money(long? c) => c is { } v ? Formats.EuroCents(v) : null;

        var origin = input.Origin == CallOrigin.PortaleUe ? CallOrigin.Nazionale : input.Origin;
        Set("Origine", call.Origin, origin, v => call.Origin = v, v => CallRules.Label(v));
        Set("Identificativo", call.Identifier, input.Identifier.Trim(), v => call.Identifier = v, Text);
        Set("Titolo", call.Title, input.Title.Trim(), v => call.Title = v, Text);
        Set("Programma", call.Programme, input.Programme.Trim(), v => call.Programme = v, Text);
        Set("Call", call.CallTitle, Trim(input.CallTitle), v => call.CallTitle = v, Text);
        Set("Tipo di azione", call.TypeOfAction, Trim(input.TypeOfAction), v => call.TypeOfAction = v, Text);
        Set("Beneficiari", call.Beneficiaries, Trim(input.Beneficiaries), v => call.Beneficiaries = v, Text);
        Set("Parole chiave", call.Keywords, string.Join(" | ", (input.Keywords ?? "").Split([',', ';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            v => call.Keywords = v, Text);
        Set("Descrizione", call.Description, Trim(input.Description), v => call.Description = v, v => v is { Length: > 200 } ? v[..199] + "…" : v);
        Set("Budget", call.BudgetCents, Cents(input.Budget), v => call.BudgetCents = v, Money);
        Set("Contributo minimo", call.MinContributionCents, Cents(input.MinContribution), v => call.MinContributionCents = v, Money);
        Set("Contributo massimo", call.MaxContributionCents, Cents(input.MaxContribution), v => call.MaxContributionCents = v, Money);
        Set("Tasso di cofinanziamento", call.CoFinancingRate, input.CoFinancingRate, v => call.CoFinancingRate = v,
            v => v is { } r ? r.ToString("0.##", CultureInfo.GetCultureInfo("it-IT")) + " %" : null);
        Set("Apertura", call.OpeningUtc, input.Opening is { } o ? Formats.RomeToUtc(o) : null, v => call.OpeningUtc = v, v => v is { } d ? Formats.DateTime(d) : null);
        Set("Link", call.Url, Trim(input.Url), v => call.Url = v, Text);
        changes.AddRange(CallRules.ApplyDeadlines(call, input.Deadlines.Select(Formats.RomeToUtc).ToList()));
        if (changes.Count == 0) return 0;

        var now = clock.GetUtcNow().UtcDateTime;
        call.UpdatedAtUtc = now;
        call.SearchText = CallRules.SearchTextOf(call);
        var recorded = changes.Select(c => new CallChange
        {
            CallId = call.Id, ProvinceId = call.ProvinceId, AtUtc = now, Field = c.Field,
            OldValue = Cut(c.Old), NewValue = Cut(c.New), Source = user.FullName,
        }).ToList();
        db.CallChanges.AddRange(recorded);
        await db.SaveChangesAsync(ct);
        choices.Changed(Hosting.FilterChoices.Programmes);
        // Saved searches hear about an edited own call exactly as about a change found by an import.
        await alerts.TryRecordAsync([Alerts.CallEvent.Changed(call.Id, recorded)], ct);
        return changes.Count;
    }

    private static string? Cut(string? s) => s is { Length: > 2000 } ? s[..1999] + "…" : s;
}
