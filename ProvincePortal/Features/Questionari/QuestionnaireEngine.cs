using System.Globalization;
using ProvincePortal.Localization;

namespace ProvincePortal.Features.Questionari;

/// <summary>What a respondent entered for one question. Everything starts empty: the engine never assumes an answer.</summary>
public sealed class AnswerInput
{
    public int? Score { get; set; }
    public string? Text { get; set; }
    public HashSet<string> Choices { get; set; } = [];
}

public sealed class SurveyValidationException(IReadOnlyDictionary<string, string> errors) : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;

    public SurveyValidationException(string field, string message) : this(new Dictionary<string, string> { [field] = message }) { }
}

public sealed class SurveyNotFoundException() : Exception("Questionario non trovato.");

public sealed class SurveyForbiddenException(string message) : Exception(message);

/// <summary>The rules of answers and questions, shared by every use of the questionnaires.</summary>
public static class QuestionnaireEngine
{
    public const int MaxShortText = 500;
    public const int MaxLongText = 4000;

    public static (int Min, int Max) ScoreRange(QuestionKind kind) => kind == QuestionKind.Nps ? (0, 10) : (1, 5);

    public static string Key(Question q) => $"domanda-{q.Id}";

    private static string Name(Question q) => $"Domanda {q.Order} «{q.Text}»";

    /// <summary>
    /// Checks the answers against the questions and returns the rows to store (unanswered optional questions have none),
    /// or throws with one message per wrong question, each naming it by number and text.
    /// </summary>
    public static List<SurveyAnswer> Validate(IReadOnlyList<Question> questions, IReadOnlyDictionary<int, AnswerInput> answers)
    {
        var errors = new Dictionary<string, string>();
        var known = questions.Select(q => q.Id).ToHashSet();
        foreach (var unknown in answers.Keys.Where(k => !known.Contains(k)))
            errors[$"domanda-{unknown}"] = $"La domanda {unknown} non fa parte di questo questionario: ricarichi la pagina.";

        var rows = new List<SurveyAnswer>();
        var scores = new Dictionary<int, int>();
        foreach (var q in questions.OrderBy(q => q.Order))
        {
            answers.TryGetValue(q.Id, out var a);
            var (row, error) = Read(q, a);
            if (error is not null) { errors[Key(q)] = $"{Name(q)}: {error}"; continue; }
            if (row is null)
            {
                if (IsRequired(q, scores)) errors[Key(q)] = $"{Name(q)}: la risposta è obbligatoria.";
                continue;
            }
            if (row.Score is int s) scores[q.Order] = s;
            rows.Add(row);
        }
        if (errors.Count > 0) throw new SurveyValidationException(errors);
        return rows;
    }

    /// <summary>Required outright, or because the scale question it depends on got a low score.</summary>
    public static bool IsRequired(Question q, IReadOnlyDictionary<int, int> scoresByOrder) =>
        q.Required || (q.RequiredIfQuestionOrder is int order && q.RequiredIfScoreAtMost is int limit
                       && scoresByOrder.TryGetValue(order, out var score) && score <= limit);

    private static (SurveyAnswer? Row, string? Error) Read(Question q, AnswerInput? a)
    {
        switch (q.Kind)
        {
            case QuestionKind.Scala:
            case QuestionKind.Nps:
                if (a?.Score is not int score) return (null, null);
                var (min, max) = ScoreRange(q.Kind);
                return score < min || score > max
                    ? (null, $"il punteggio {score} è fuori dall'intervallo {min}–{max}.")
                    : (new SurveyAnswer { QuestionId = q.Id, Score = score }, null);
            case QuestionKind.SceltaSingola:
            {
                var text = a?.Text?.Trim();
                if (string.IsNullOrEmpty(text)) return (null, null);
                var option = q.OptionList.FirstOrDefault(o => string.Equals(o, text, StringComparison.OrdinalIgnoreCase));
                return option is null
                    ? (null, $"«{text}» non è tra le scelte ammesse ({string.Join(", ", q.OptionList)}).")
                    : (new SurveyAnswer { QuestionId = q.Id, Text = option }, null);
            }
            case QuestionKind.SceltaMultipla:
            {
                var chosen = (a?.Choices ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
                if (chosen.Count == 0) return (null, null);
                var wrong = chosen.Where(c => !q.OptionList.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
                if (wrong.Count > 0) return (null, $"«{string.Join("», «", wrong)}» non è tra le scelte ammesse ({string.Join(", ", q.OptionList)}).");
                // Stored in the order of the options, so that equal answers read the same.
                var ordered = q.OptionList.Where(o => chosen.Contains(o, StringComparer.OrdinalIgnoreCase));
                return (new SurveyAnswer { QuestionId = q.Id, Text = string.Join("\n", ordered) }, null);
            }
            case QuestionKind.TestoBreve:
            case QuestionKind.TestoLungo:
            {
                var text = a?.Text?.Trim();
                if (string.IsNullOrEmpty(text)) return (null, null);
                var limit = q.Kind == QuestionKind.TestoBreve ? MaxShortText : MaxLongText;
                return text.Length > limit
                    ? (null, $"al massimo {Formats.Number(limit)} caratteri (ne ha {Formats.Number(text.Length)}).")
                    : (new SurveyAnswer { QuestionId = q.Id, Text = text }, null);
            }
            case QuestionKind.Numero:
            {
                var text = a?.Text?.Trim();
                if (string.IsNullOrEmpty(text)) return (null, null);
                if (!decimal.TryParse(text, NumberStyles.Number, Formats.Italian, out var n)) return (null, $"«{text}» non è un numero (esempio: 1.250,5).");
                if (q.MinNumber is { } lo && n < lo) return (null, $"il valore minimo è {lo.ToString("#,##0.####", Formats.Italian)}.");
                if (q.MaxNumber is { } hi && n > hi) return (null, $"il valore massimo è {hi.ToString("#,##0.####", Formats.Italian)}.");
                return (new SurveyAnswer { QuestionId = q.Id, Number = n }, null);
            }
            default:
                return (null, "tipo di domanda sconosciuto.");
        }
    }

    /// <summary>Checks questions written by an operator: text, options of choices, conditions. Messages name the question.</summary>
    public static Dictionary<string, string> ValidateDefinition(IReadOnlyList<Question> questions)
    {
        var errors = new Dictionary<string, string>();
        foreach (var q in questions)
        {
            var key = $"domanda-{q.Order}";
            var name = $"Domanda {q.Order}";
            if (string.IsNullOrWhiteSpace(q.Text)) errors[key] = $"{name}: il testo è obbligatorio.";
            else if (q.Text.Trim().Length > 500) errors[key] = $"{name}: il testo può avere al massimo 500 caratteri.";
            else if (!Enum.IsDefined(q.Kind)) errors[key] = $"{name}: tipo non valido.";
            else if (q.Kind is QuestionKind.SceltaSingola or QuestionKind.SceltaMultipla && q.OptionList.Count < 2)
                errors[key] = $"{name} «{q.Text.Trim()}»: indicare almeno due scelte, una per riga.";
            else if (q.Kind is QuestionKind.SceltaSingola or QuestionKind.SceltaMultipla && q.OptionList.Distinct(StringComparer.OrdinalIgnoreCase).Count() != q.OptionList.Count)
                errors[key] = $"{name} «{q.Text.Trim()}»: le scelte sono ripetute.";
            else if (q.MinNumber is { } lo && q.MaxNumber is { } hi && lo > hi)
                errors[key] = $"{name} «{q.Text.Trim()}»: il minimo supera il massimo.";
            else if (q.RequiredIfQuestionOrder is int o && !questions.Any(x => x.Order == o && x.Kind is QuestionKind.Scala or QuestionKind.Nps))
                errors[key] = $"{name} «{q.Text.Trim()}»: la condizione rimanda alla domanda {o}, che non è una scala.";
        }
        return errors;
    }

    /// <summary>How a stored answer reads on screen and in Excel.</summary>
    public static string Display(QuestionKind kind, SurveyAnswer a) => kind switch
    {
        QuestionKind.Scala or QuestionKind.Nps => a.Score?.ToString(CultureInfo.InvariantCulture) ?? "",
        QuestionKind.Numero => a.Number?.ToString("#,##0.####", Formats.Italian) ?? "",
        QuestionKind.SceltaMultipla => (a.Text ?? "").Replace("\n", "; "),
        _ => a.Text ?? "",
    };

    public static string Label(QuestionKind kind) => kind switch
    {
        QuestionKind.Scala => "Scala da 1 a 5",
        QuestionKind.Nps => "Net Promoter Score (0–10)",
        QuestionKind.SceltaSingola => "Scelta singola",
        QuestionKind.SceltaMultipla => "Scelta multipla",
        QuestionKind.TestoBreve => "Testo breve",
        QuestionKind.TestoLungo => "Testo lungo",
        QuestionKind.Numero => "Numero",
        _ => kind.ToString(),
    };

    public static string Label(SurveyAudience audience) => audience switch
    {
        SurveyAudience.UtentiComuni => "Utenti dei Comuni (esterni)",
        SurveyAudience.PersonaleProvincia => "Personale della Provincia (interni)",
        SurveyAudience.Comuni => "Comuni (una risposta per Comune)",
        SurveyAudience.Singoli => "Destinatari singoli",
        _ => audience.ToString(),
    };

    public static bool IsExternal(SurveyAudience audience) => audience is SurveyAudience.UtentiComuni or SurveyAudience.Comuni;
}

/// <summary>Net Promoter Score: promoters (9–10) minus detractors (0–6), as a percentage of the answers.</summary>
public sealed record NpsResult(int Answers, int Promoters, int Passives, int Detractors)
{
    /// <summary>Null without answers; else between -100 and 100.</summary>
    public double? Score => Answers == 0 ? null : (Promoters - Detractors) * 100.0 / Answers;

    public static NpsResult From(IEnumerable<int> scores)
    {
        int n = 0, p = 0, d = 0;
        foreach (var s in scores)
        {
            if (s is < 0 or > 10) throw new ArgumentOutOfRangeException(nameof(scores), s, "Un punteggio NPS va da 0 a 10.");
            n++;
            if (s >= 9) p++;
            else if (s <= 6) d++;
        }
        return new NpsResult(n, p, n - p - d, d);
    }

    /// <summary>From a distribution score → count (what a grouped query returns).</summary>
    public static NpsResult FromCounts(IReadOnlyDictionary<int, int> counts) =>
        new(counts.Values.Sum(), counts.Where(c => c.Key >= 9).Sum(c => c.Value),
            counts.Where(c => c.Key is 7 or 8).Sum(c => c.Value), counts.Where(c => c.Key <= 6).Sum(c => c.Value));
}
