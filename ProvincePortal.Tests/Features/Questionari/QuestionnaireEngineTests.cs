using ProvincePortal.Features.Questionari;

namespace ProvincePortal.Tests.Features.Questionari;

public class QuestionnaireEngineTests
{
    private static readonly Question Score = new() { Id = 10, Order = 1, Kind = QuestionKind.Scala, Required = true, Text = "Quanto è soddisfatto?" };
    private static readonly Question Reason = new()
    {
        Id = 11, Order = 2, Kind = QuestionKind.SceltaSingola, Text = "Motivo", Options = "Tempi lunghi\nSoluzione incompleta\nAltro",
        RequiredIfQuestionOrder = 1, RequiredIfScoreAtMost = 3,
    };
    private static readonly Question Comment = new() { Id = 12, Order = 3, Kind = QuestionKind.TestoLungo, Text = "Commento" };
    private static readonly Question Nps = new() { Id = 13, Order = 4, Kind = QuestionKind.Nps, Text = "Consiglierebbe il servizio?" };
    private static readonly Question Used = new() { Id = 14, Order = 5, Kind = QuestionKind.SceltaMultipla, Text = "Servizi usati", Options = "pagoPA\nSito\nCloud" };
    private static readonly Question Staff = new() { Id = 15, Order = 6, Kind = QuestionKind.Numero, Text = "Dipendenti", MinNumber = 1, MaxNumber = 500 };

    private static readonly Question[] Satisfaction = [Score, Reason, Comment];
    private static readonly Question[] All = [Score, Reason, Comment, Nps, Used, Staff];

    private static Dictionary<int, AnswerInput> Answers(params (int Id, AnswerInput A)[] a) => a.ToDictionary(x => x.Id, x => x.A);

    [Fact]
    public void Validate_NothingAnswered_RequiredScaleIsNamed_AndNoScoreIsInvented()
    {
        // A fresh form: every input empty, as the page creates it.
        var ex = Assert.Throws<SurveyValidationException>(() => QuestionnaireEngine.Validate(Satisfaction, Answers((10, new()), (11, new()), (12, new()))));
        Assert.Equal("Domanda 1 «Quanto è soddisfatto?»: la risposta è obbligatoria.", ex.Errors["domanda-10"]);
        Assert.Single(ex.Errors);
    }

    [Fact]
    public void Validate_OptionalQuestionsLeftEmpty_StoreNoRow()
    {
        var rows = QuestionnaireEngine.Validate(All, Answers((10, new() { Score = 5 })));
        var row = Assert.Single(rows);
        Assert.Equal(10, row.QuestionId);
        Assert.Equal(5, row.Score);
        Assert.DoesNotContain(rows, r => r.QuestionId == Nps.Id);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(5, false)]
    public void Validate_ReasonRequiredOnlyForScoresUpToThree(int score, bool reasonRequired)
    {
        var answers = Answers((10, new() { Score = score }));
        if (reasonRequired)
        {
            var ex = Assert.Throws<SurveyValidationException>(() => QuestionnaireEngine.Validate(Satisfaction, answers));
            Assert.Equal("Domanda 2 «Motivo»: la risposta è obbligatoria.", ex.Errors["domanda-11"]);
        }
        else Assert.Single(QuestionnaireEngine.Validate(Satisfaction, answers));
    }

    [Theory]
    [InlineData(QuestionKind.Scala, 0, "il punteggio 0 è fuori dall'intervallo 1–5.")]
    [InlineData(QuestionKind.Scala, 6, "il punteggio 6 è fuori dall'intervallo 1–5.")]
    [InlineData(QuestionKind.Nps, -1, "il punteggio -1 è fuori dall'intervallo 0–10.")]
    [InlineData(QuestionKind.Nps, 11, "il punteggio 11 è fuori dall'intervallo 0–10.")]
    public void Validate_ScoreOutOfRange_IsRefusedNamingTheQuestion(QuestionKind kind, int score, string message)
    {
        var q = new Question { Id = 1, Order = 1, Kind = kind, Text = "Giudizio" };
        var ex = Assert.Throws<SurveyValidationException>(() => QuestionnaireEngine.Validate([q], Answers((1, new() { Score = score }))));
        Assert.Equal($"Domanda 1 «Giudizio»: {message}", ex.Errors["domanda-1"]);
    }

    [Fact]
    public void Validate_NpsZeroAndTen_AreValidAnswers()
    {
        Assert.Equal(0, Assert.Single(QuestionnaireEngine.Validate([Nps], Answers((13, new() { Score = 0 })))).Score);
        Assert.Equal(10, Assert.Single(QuestionnaireEngine.Validate([Nps], Answers((13, new() { Score = 10 })))).Score);
    }

    [Fact]
    public void Validate_ChoicesNumbersAndTexts_AreCheckedAndNormalised()
    {
        var rows = QuestionnaireEngine.Validate(All, Answers(
            (10, new() { Score = 2 }), (11, new() { Text = "soluzione incompleta" }), (12, new() { Text = "  Troppo lento  " }),
            (14, new() { Choices = ["Cloud", "pagoPA"] }), (15, new() { Text = "250" })));
        Assert.Equal("Soluzione incompleta", rows.Single(r => r.QuestionId == 11).Text);
        Assert.Equal("Troppo lento", rows.Single(r => r.QuestionId == 12).Text);
        Assert.Equal("pagoPA\nCloud", rows.Single(r => r.QuestionId == 14).Text);
        Assert.Equal(250m, rows.Single(r => r.QuestionId == 15).Number);
    }

    [Fact]
    public void Validate_WrongChoiceNumberOutOfBoundsAndUnknownQuestion_AreAllReported()
    {
        var ex = Assert.Throws<SurveyValidationException>(() => QuestionnaireEngine.Validate(All, Answers(
            (10, new() { Score = 4 }), (11, new() { Text = "Nessuno" }), (14, new() { Choices = ["Fax"] }), (15, new() { Text = "1.250" }), (99, new() { Score = 1 }))));
        Assert.Equal("Domanda 2 «Motivo»: «Nessuno» non è tra le scelte ammesse (Tempi lunghi, Soluzione incompleta, Altro).", ex.Errors["domanda-11"]);
        Assert.Equal("Domanda 5 «Servizi usati»: «Fax» non è tra le scelte ammesse (pagoPA, Sito, Cloud).", ex.Errors["domanda-14"]);
        Assert.Equal("Domanda 6 «Dipendenti»: il valore massimo è 500.", ex.Errors["domanda-15"]);
        Assert.Equal("La domanda 99 non fa parte di questo questionario: ricarichi la pagina.", ex.Errors["domanda-99"]);
    }

    [Fact]
    public void Validate_NumberInItalianFormat_IsRead()
    {
        var q = new Question { Id = 1, Order = 1, Kind = QuestionKind.Numero, Text = "Importo" };
        Assert.Equal(1250.5m, Assert.Single(QuestionnaireEngine.Validate([q], Answers((1, new() { Text = "1.250,5" })))).Number);
        var ex = Assert.Throws<SurveyValidationException>(() => QuestionnaireEngine.Validate([q], Answers((1, new() { Text = "molti" }))));
        Assert.Equal("Domanda 1 «Importo»: «molti» non è un numero (esempio: 1.250,5).", ex.Errors["domanda-1"]);
    }

    [Fact]
    public void ValidateDefinition_ChoiceWithOneOption_AndConditionOnNonScale_AreNamed()
    {
        var errors = QuestionnaireEngine.ValidateDefinition(
        [
            new Question { Order = 1, Kind = QuestionKind.Nps, Text = "NPS" },
            new Question { Order = 2, Kind = QuestionKind.SceltaSingola, Text = "Canale", Options = "Telefono" },
            new Question { Order = 3, Kind = QuestionKind.TestoBreve, Text = "Perché?", RequiredIfQuestionOrder = 2, RequiredIfScoreAtMost = 6 },
            new Question { Order = 4, Kind = QuestionKind.TestoBreve, Text = " " },
        ]);
        Assert.Equal("Domanda 2 «Canale»: indicare almeno due scelte, una per riga.", errors["domanda-2"]);
        Assert.Equal("Domanda 3 «Perché?»: la condizione rimanda alla domanda 2, che non è una scala.", errors["domanda-3"]);
        Assert.Equal("Domanda 4: il testo è obbligatorio.", errors["domanda-4"]);
        Assert.False(errors.ContainsKey("domanda-1"));
    }
}

public class NpsTests
{
    [Fact]
    public void From_TenAnswers_PromotersMinusDetractorsAsPercent()
    {
        // 9, 10, 10 promoters (3); 7, 8 passives (2); 0, 3, 5, 6, 6 detractors (5): (3 - 5) / 10 = -20 %.
        var nps = NpsResult.From([9, 10, 10, 7, 8, 0, 3, 5, 6, 6]);
        Assert.Equal(new NpsResult(10, 3, 2, 5), nps);
        Assert.Equal(-20.0, nps.Score);
    }

    [Fact]
    public void From_BoundariesSixSevenEightNine_AreClassedAsTheDefinitionSays()
    {
        var nps = NpsResult.From([6, 7, 8, 9]);
        Assert.Equal((1, 2, 1), (nps.Promoters, nps.Passives, nps.Detractors));
        Assert.Equal(0.0, nps.Score);
    }

    [Fact]
    public void From_ThreeAnswers_NonRoundPercentage()
    {
        // 10, 9 promoters, 4 detractor: (2 - 1) / 3 = 33,33… %.
        Assert.Equal(100.0 / 3, NpsResult.From([10, 9, 4]).Score!.Value, 10);
        Assert.Equal(100.0, NpsResult.From([9, 9]).Score);
        Assert.Equal(-100.0, NpsResult.From([0]).Score);
    }

    [Fact]
    public void From_NoAnswers_HasNoScore_AndCountsAgreeWithFrom()
    {
        Assert.Null(NpsResult.From([]).Score);
        Assert.Equal(NpsResult.From([9, 10, 7, 5]), NpsResult.FromCounts(new Dictionary<int, int> { [9] = 1, [10] = 1, [7] = 1, [5] = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => NpsResult.From([11]));
    }
}
