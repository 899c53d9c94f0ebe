using ProvincePortal.Features.Requests;
using ProvincePortal.Tests.Features.Notifications;
using static ProvincePortal.Tests.Features.Requests.RequestsTestData;

namespace ProvincePortal.Tests.Features.Requests;

/// <summary>Request notifications leave by e-mail through the outbox to a real (loopback) SMTP server.</summary>
public sealed class RequestEmailTests(SmtpPortalFactory factory) : IClassFixture<SmtpPortalFactory>
{
    [Fact]
    public async Task NewRequest_MailsTheOperators_Solution_MailsTheRequester()
    {
        var subject = "Banner dei cookie da correggere " + Guid.NewGuid().ToString("N")[..6];
        var id = await factory.FileWebsiteRequestAsync(subject);
        var toCdc = await factory.Smtp.WaitForAsync(Cdc, m => m.Subject == $"Nuova richiesta #{id}: {subject}");
        Assert.Contains("Marco Comune di Conegliano (Comune di Conegliano)", toCdc.TextBody);
        Assert.Contains($"{EmailPortalFactory.LinkBase}/richieste/{id}", toCdc.TextBody);

        await factory.ActAsync(Cdc, id, RequestAction.PrendiInCarico);
        await factory.ActAsync(Cdc, id, RequestAction.Risolvi, new ActionInput { Text = "Banner corretto." });
        var toComune = await factory.Smtp.WaitForAsync(Comune, m => m.Subject == $"Richiesta #{id}: Risolvi");
        Assert.Contains("Approvi la soluzione o la rifiuti", toComune.TextBody);
        Assert.Contains(subject, toComune.TextBody);
    }
}
