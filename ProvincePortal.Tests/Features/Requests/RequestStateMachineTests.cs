using ProvincePortal.Features.Requests;
using static ProvincePortal.Features.Requests.RequestStatus;
using A = ProvincePortal.Features.Requests.RequestAction;
using R = ProvincePortal.Features.Requests.RequestActor;

namespace ProvincePortal.Tests.Features.Requests;

/// <summary>Every state × action × actor: the allowed ones lead to the expected state, all others are refused with a reason.</summary>
public sealed class RequestStateMachineTests
{
    /// <summary>The life cycle as the domain describes it, written out independently of the implementation.</summary>
    private static readonly Dictionary<(RequestStatus, A, R), RequestStatus> Allowed = new()
    {
        [(Nuova, A.PrendiInCarico, R.Operatore)] = InCarico,
        [(Nuova, A.Assegna, R.Operatore)] = InCarico,
        [(InCarico, A.Assegna, R.Operatore)] = InCarico,
        [(Pianificata, A.Assegna, R.Operatore)] = Pianificata,
        [(InAttesa, A.Assegna, R.Operatore)] = InAttesa,
        [(InCarico, A.Pianifica, R.Operatore)] = Pianificata,
        [(Pianificata, A.Pianifica, R.Operatore)] = Pianificata,
        [(InCarico, A.MettiInAttesa, R.Operatore)] = InAttesa,
        [(Pianificata, A.MettiInAttesa, R.Operatore)] = InAttesa,
        [(InAttesa, A.Riprendi, R.Operatore)] = InCarico,
        [(InCarico, A.Risolvi, R.Operatore)] = Risolta,
        [(Pianificata, A.Risolvi, R.Operatore)] = Risolta,
        [(InAttesa, A.Risolvi, R.Operatore)] = Risolta,
        [(Risolta, A.ApprovaSoluzione, R.Richiedente)] = Chiusa,
        [(Risolta, A.RifiutaSoluzione, R.Richiedente)] = InCarico,
        [(Risolta, A.ChiudiAutomaticamente, R.Sistema)] = Chiusa,
    };

    public static IEnumerable<object[]> Everything() =>
        from s in Enum.GetValues<RequestStatus>()
        from a in Enum.GetValues<A>()
        from r in Enum.GetValues<R>()
        select new object[] { s, a, r };

    [Theory]
    [MemberData(nameof(Everything))]
    public void Apply_EveryCombination_AllowedOrRefusedAsTheLifeCycleSays(RequestStatus from, A action, R actor)
    {
        if (Allowed.TryGetValue((from, action, actor), out var expected))
        {
            Assert.True(RequestStateMachine.CanApply(from, action, actor));
            Assert.Contains(action, RequestStateMachine.Allowed(from, actor));
            Assert.Equal(expected, RequestStateMachine.Apply(from, action, actor));
        }
        else
        {
            Assert.False(RequestStateMachine.CanApply(from, action, actor));
            Assert.DoesNotContain(action, RequestStateMachine.Allowed(from, actor));
            var ex = Assert.Throws<RequestTransitionException>(() => RequestStateMachine.Apply(from, action, actor));
            Assert.Contains($"«{RequestStateMachine.Label(action)}»", ex.Message);
        }
    }

    [Fact]
    public void Refusals_SayWhyInItalian()
    {
        Assert.Equal("L'azione «Risolvi» non è consentita su una richiesta nello stato «Nuova»: è possibile solo nello stato «In carico» o «Pianificata» o «In attesa».",
            Assert.Throws<RequestTransitionException>(() => RequestStateMachine.Apply(Nuova, A.Risolvi, R.Operatore)).Message);
        Assert.Equal("Solo il Comune richiedente può eseguire l'azione «Approva la soluzione».",
            Assert.Throws<RequestTransitionException>(() => RequestStateMachine.Apply(Risolta, A.ApprovaSoluzione, R.Operatore)).Message);
        Assert.Equal("Solo un operatore del Centro di Competenza può eseguire l'azione «Prendi in carico».",
            Assert.Throws<RequestTransitionException>(() => RequestStateMachine.Apply(Nuova, A.PrendiInCarico, R.Richiedente)).Message);
        Assert.Equal("L'azione «Chiusura automatica» è eseguita solo automaticamente dal sistema.",
            Assert.Throws<RequestTransitionException>(() => RequestStateMachine.Apply(Risolta, A.ChiudiAutomaticamente, R.Operatore)).Message);
    }

    [Fact]
    public void ClosedRequests_AcceptNoAction_FromAnyone()
    {
        foreach (var r in Enum.GetValues<R>()) Assert.Empty(RequestStateMachine.Allowed(Chiusa, r));
    }
}
