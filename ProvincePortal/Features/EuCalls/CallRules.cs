using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.EuCalls;

/// <summary>Rules of the registry that pages, imports, feeds and calendars share.</summary>
public static class CallRules
{
    /// <summary>
    /// Status from the dates, never from the portal's code (the portal leaves topics "Open" after their deadline).
    /// Dates are instants; Europe/Rome only matters when the dates are entered (end of day on the offices' clock).
    /// </summary>
    public static CallStatus StatusOf(DateTime? openingUtc, DateTime? lastDeadlineUtc, DateTime nowUtc) =>
        openingUtc is { } o && o > nowUtc ? CallStatus.InArrivo
        : lastDeadlineUtc is { } d && d < nowUtc ? CallStatus.Chiuso
        : CallStatus.Aperto;

    public static CallStatus StatusOf(Call call, DateTime nowUtc) => StatusOf(call.OpeningUtc, call.LastDeadlineUtc, nowUtc);

    public static string Label(CallStatus status) => status switch
    {
        CallStatus.InArrivo => "In arrivo",
        CallStatus.Aperto => "Aperto",
        _ => "Chiuso",
    };

    public static string Label(CallRelevance relevance) => relevance switch
    {
        CallRelevance.Bassa => "Bassa",
        CallRelevance.Media => "Media",
        CallRelevance.Alta => "Alta",
        _ => "Non valutata",
    };

    public static string Label(CallOrigin origin) => origin switch
    {
        CallOrigin.PortaleUe => "UE (portale F&T)",
        CallOrigin.Nazionale => "Nazionale",
        CallOrigin.Regionale => "Regionale",
        _ => "Altro UE",
    };

    /// <summary>Lower case without accents: what <see cref="Call.SearchText"/> holds and what a search term is compared with.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark) sb.Append(ch);
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    public static string SearchTextOf(Call c) =>
        Normalize(string.Join(' ', new[] { c.Identifier, c.Title, c.CallIdentifier, c.Programme, c.TypeOfAction, c.Keywords }.Where(s => !string.IsNullOrEmpty(s))));

    /// <summary>
    /// Keeps the calls whose <paramref name="field"/> contains any of <paramref name="terms"/>, ignoring case (lower() on both
    /// providers; the free-text fields are short). No terms: the query is unchanged.
    /// </summary>
    public static IQueryable<Call> WhereAnyContains(IQueryable<Call> query, Expression<Func<Call, string?>> field, IReadOnlyList<string>? terms)
    {
        var words = (terms ?? []).Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct().Take(20).ToList();
        if (words.Count == 0) return query;
        var lowered = Expression.Call(field.Body, typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!);
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
        Expression? any = null;
        foreach (var word in words)
        {
            // A closure per word, so the SQL takes parameters rather than literals.
            var holder = new Term(word);
            Expression test = Expression.Call(lowered, contains, Expression.Property(Expression.Constant(holder), nameof(Term.Value)));
            any = any is null ? test : Expression.OrElse(any, test);
        }
        var notNull = Expression.NotEqual(field.Body, Expression.Constant(null, typeof(string)));
        return query.Where(Expression.Lambda<Func<Call, bool>>(Expression.AndAlso(notNull, any!), field.Parameters));
    }

    private sealed record Term(string Value);

    /// <summary>Stable per deadline row, unique on the platform; also the iCalendar UID.</summary>
    public static string NewUid() => $"bando-scadenza-{Guid.NewGuid():N}@provinceportal";

    /// <summary>
    /// Applies a new list of deadlines to a call keeping each row's identity (and UID) when its date moves: dates that did not
    /// change keep their row, the remaining ones are paired in order, extra rows are added or removed. Returns the changes.
    /// </summary>
    public static List<(string Field, string? Old, string? New)> ApplyDeadlines(Call call, IReadOnlyList<DateTime> newDates)
    {
        var changes = new List<(string, string?, string?)>();
        var sorted = newDates.Distinct().Order().ToList();
        var existing = call.Deadlines.OrderBy(d => d.DeadlineUtc).ToList();
        var unchanged = existing.Where(d => sorted.Contains(d.DeadlineUtc)).ToList();
        var freeRows = existing.Except(unchanged).ToList();
        var freeDates = sorted.Where(d => unchanged.All(u => u.DeadlineUtc != d)).ToList();
        var pairs = Math.Min(freeRows.Count, freeDates.Count);
        for (var i = 0; i < pairs; i++)
        {
            changes.Add(("Scadenza", Formats.DateTime(freeRows[i].DeadlineUtc), Formats.DateTime(freeDates[i])));
            freeRows[i].DeadlineUtc = freeDates[i];
            freeRows[i].Revision++;
        }
        foreach (var removed in freeRows.Skip(pairs))
        {
            changes.Add(("Scadenza", Formats.DateTime(removed.DeadlineUtc), null));
            call.Deadlines.Remove(removed);
        }
        foreach (var added in freeDates.Skip(pairs))
        {
            changes.Add(("Scadenza", null, Formats.DateTime(added)));
            call.Deadlines.Add(new CallDeadline { DeadlineUtc = added, Uid = NewUid(), ProvinceId = call.ProvinceId });
        }
        var ordinal = 1;
        foreach (var d in call.Deadlines.OrderBy(d => d.DeadlineUtc)) d.Ordinal = ordinal++;
        call.FirstDeadlineUtc = sorted.Count > 0 ? sorted[0] : null;
        call.LastDeadlineUtc = sorted.Count > 0 ? sorted[^1] : null;
        return changes;
    }
}
