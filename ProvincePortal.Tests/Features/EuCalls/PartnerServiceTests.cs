using Microsoft.EntityFrameworkCore;
using ProvincePortal.Features.EuCalls.Partners;
using ProvincePortal.Features.EuCalls.Projects;
using static ProvincePortal.Tests.Features.EuCalls.EuWorkFactory;

namespace ProvincePortal.Tests.Features.EuCalls;

/// <summary>Ricerca partner: shared across Provinces, edited only by the author's Province, matched by theme and programme.</summary>
public sealed class PartnerServiceTests(EuWorkFactory factory) : IClassFixture<EuWorkFactory>
{
    private static PartnerInput Announcement(string title, AnnouncementKind kind, string programme, params string[] themes) => new()
    {
        Kind = kind, Title = title, Organisation = "Comune di Conegliano", Country = "it", Programme = programme, Themes = themes,
        RoleSought = PartnerRole.Partner, Deadline = DateTime.Today.AddDays(60), ContactEmail = "europa@provincia.treviso.it", ContactPhone = "+39 0422 656000",
    };

    [Fact]
    public async Task Matches_AreOppositeKindAndOpen_RankedBySharedThemesAndProgramme()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var request = await factory.AsAsync<PartnerService, int>(Europa, s => s.CreateAsync(
            Announcement("Cerchiamo partner " + tag, AnnouncementKind.Richiesta, "CERV", "Giovani", "Cittadinanza e democrazia")));
        var brescia = await factory.EuropeOperatorOfAsync("BS");
        Task<int> Offer(string title, string programme, params string[] themes) =>
            factory.AsPrincipalAsync<PartnerService, int>(brescia, s => s.CreateAsync(Announcement(title + " " + tag, AnnouncementKind.Offerta, programme, themes)));
        var best = await Offer("Stesso programma e due temi", "CERV", "Giovani", "Cittadinanza e democrazia");
        var second = await Offer("Stesso programma, un tema", "CERV", "Giovani");
        var third = await Offer("Altro programma, due temi", "Erasmus+", "Giovani", "Cittadinanza e democrazia");
        var unrelated = await Offer("Nulla in comune", "LIFE", "Energia");
        var sameKind = await factory.AsPrincipalAsync<PartnerService, int>(brescia,
            s => s.CreateAsync(Announcement("Anche noi cerchiamo " + tag, AnnouncementKind.Richiesta, "CERV", "Giovani")));
        var closed = await Offer("Chiusa", "CERV", "Giovani", "Cittadinanza e democrazia");
        await factory.AsPrincipalAsync<PartnerService, int>(brescia, async s => { await s.SetClosedAsync(closed, true); return 0; });

        var matches = await factory.AsAsync<PartnerService, IReadOnlyList<PartnerMatch>>(Manager, s => s.MatchesAsync(request));

        var ours = matches.Where(m => m.Row.Title.EndsWith(tag)).ToList();
        Assert.Equal([best, second, third], ours.Select(m => m.Row.Id));
        Assert.Equal((2, true, 7), (ours[0].SharedThemes, ours[0].SameProgramme, ours[0].Score));
        Assert.Equal((1, true, 5), (ours[1].SharedThemes, ours[1].SameProgramme, ours[1].Score));
        Assert.Equal((2, false, 4), (ours[2].SharedThemes, ours[2].SameProgramme, ours[2].Score));
        Assert.Equal("Provincia di Brescia", ours[0].Row.AuthorProvince);
        Assert.DoesNotContain(matches, m => m.Row.Id == unrelated || m.Row.Id == sameKind || m.Row.Id == closed);
    }

    [Fact]
    public async Task Announcements_AreVisibleToEveryProvince_ButOnlyTheAuthorsProvinceEditsThem()
    {
        var input = Announcement("Offerta Treviso " + Guid.NewGuid(), AnnouncementKind.Offerta, "LIFE", "Ambiente e clima");
        var id = await factory.AsAsync<PartnerService, int>(Europa, s => s.CreateAsync(input));
        var brescia = await factory.EuropeOperatorOfAsync("BS");

        var seen = await factory.AsPrincipalAsync<PartnerService, PartnerDetails?>(brescia, s => s.GetAsync(id));
        Assert.NotNull(seen);
        Assert.False(seen.CanEdit);
        Assert.Equal("IT", seen.Announcement.Country);
        var (rows, _) = await factory.AsPrincipalAsync<PartnerService, (IReadOnlyList<PartnerRow>, int)>(brescia,
            s => s.ListAsync(new PartnerFilter(Text: input.Title, Theme: "Ambiente e clima", Programme: "LIFE"), 0, 25));
        Assert.Equal(id, Assert.Single(rows).Id);

        var ex = await Assert.ThrowsAsync<EuWorkForbiddenException>(() => factory.AsPrincipalAsync<PartnerService, int>(brescia,
            async s => { await s.UpdateAsync(id, input); return 0; }));
        Assert.Equal("Solo la Provincia che ha pubblicato l'annuncio può modificarlo.", ex.Message);
        await Assert.ThrowsAsync<EuWorkForbiddenException>(() => factory.AsAsync<PartnerService, int>(ComuneConegliano, s => s.CreateAsync(input)));
        Assert.True((await factory.AsAsync<PartnerService, PartnerDetails?>(Europa, s => s.GetAsync(id)))!.CanEdit);
    }

    [Fact]
    public async Task ExpiredAnnouncements_CountAsClosed_AndAreHiddenByDefault()
    {
        var input = Announcement("In scadenza " + Guid.NewGuid(), AnnouncementKind.Richiesta, "Interreg", "Mobilità e trasporti");
        var id = await factory.AsAsync<PartnerService, int>(Europa, s => s.CreateAsync(input));
        await using (var db = await factory.CreateSystemDbAsync())
        {
            // As if the deadline had passed: nothing else changes the row.
            var a = await db.PartnerAnnouncements.SingleAsync(x => x.Id == id);
            a.Deadline = DateOnly.FromDateTime(DateTime.Today.AddDays(-1));
            await db.SaveChangesAsync();
        }

        var open = await factory.AsAsync<PartnerService, (IReadOnlyList<PartnerRow>, int)>(Manager, s => s.ListAsync(new PartnerFilter(Text: input.Title), 0, 25));
        Assert.Equal(0, open.Item2);
        var all = await factory.AsAsync<PartnerService, (IReadOnlyList<PartnerRow>, int)>(Manager, s => s.ListAsync(new PartnerFilter(Text: input.Title, IncludeClosed: true), 0, 25));
        Assert.False(Assert.Single(all.Item1).Open);
        Assert.False((await factory.AsAsync<PartnerService, PartnerDetails?>(Manager, s => s.GetAsync(id)))!.Open);
    }

    [Fact]
    public async Task Create_WithBadContactsAndPastDeadline_IsRefusedFieldByField()
    {
        var input = Announcement("Errata " + Guid.NewGuid(), AnnouncementKind.Richiesta, "Programma inventato");
        input.ContactEmail = "europa@provincia";
        input.ContactPhone = "chiamare in ufficio";
        input.Country = "ITA";
        input.Deadline = DateTime.Today.AddDays(-3);

        var ex = await Assert.ThrowsAsync<EuWorkValidationException>(() => factory.AsAsync<PartnerService, int>(Europa, s => s.CreateAsync(input)));

        Assert.Equal("E-mail di contatto non valida: «europa@provincia».", ex.Errors[nameof(PartnerInput.ContactEmail)]);
        Assert.StartsWith("Telefono di contatto non valido", ex.Errors[nameof(PartnerInput.ContactPhone)]);
        Assert.StartsWith("Paese non valido", ex.Errors[nameof(PartnerInput.Country)]);
        Assert.Equal("Programma «Programma inventato» non presente nell'elenco.", ex.Errors[nameof(PartnerInput.Programme)]);
        Assert.Equal("Indicare almeno un tema.", ex.Errors[nameof(PartnerInput.Themes)]);
        Assert.EndsWith("è già passata.", ex.Errors[nameof(PartnerInput.Deadline)]);
    }
}
