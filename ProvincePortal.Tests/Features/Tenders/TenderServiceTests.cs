using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Data;
using ProvincePortal.Features.Identity;
using ProvincePortal.Features.Audit;
using ProvincePortal.Features.Tenders;
using static ProvincePortal.Tests.Features.Tenders.TendersFactory;

namespace ProvincePortal.Tests.Features.Tenders;

/// <summary>TenderService on the real app and database: CRUD, phases, CIG uniqueness, concurrency, isolation.</summary>
public sealed class TenderServiceTests(TendersFactory factory) : IClassFixture<TendersFactory>
{
    [Fact]
    public void NewCig_IsValid() => Assert.True(CigCode.IsValid(NewCig()));

    [Fact]
    public async Task Create_ThenUpdate_StoresNormalisedValues_AndTheAuditTrailRecordsTheChange()
    {
        var input = Works("Manutenzione straordinaria SP 34 Postumia");
        input.Cup = " e37h22001230001 ";
        var saved = await factory.AsAsync(Sua, s => s.CreateAsync(input));
        Assert.Equal(0, saved.RowVersion);

        input.Oggetto = "Manutenzione straordinaria SP 34 Postumia - secondo stralcio";
        input.DataPubblicazione = new DateTime(2025, 4, 2);
        var updated = await factory.AsAsync(Sua, s => s.UpdateAsync(saved.Id, input, saved.RowVersion));
        Assert.Equal(1, updated.RowVersion);

        var details = await factory.AsAsync(Sua, s => s.GetAsync(saved.Id));
        Assert.NotNull(details);
        var p = details.Procedure;
        Assert.Equal("E37H22001230001", p.Cup);
        Assert.Equal(48_000_000, p.ImportoBaseCents);
        Assert.Equal(1_200_000, p.OneriSicurezzaCents);
        Assert.Equal(2025, p.Anno);
        Assert.Equal("Provincia di Treviso", details.Committente);
        Assert.True(details.CanWrite);
        Assert.False(details.CanAdminister);

        await using var db = await factory.CreateSystemDbAsync();
        var entries = await db.AuditEntries.Where(a => a.Entity == "Procedure" && a.EntityKey == saved.Id.ToString()).Include(a => a.Changes).ToListAsync();
        Assert.Equal(2, entries.Count);
        var change = entries.Single(e => e.Action == ProvincePortal.Features.Audit.AuditAction.Modifica).Changes;
        Assert.Contains(change, c => c.Field == "Oggetto" && c.NewValue!.EndsWith("secondo stralcio"));
        Assert.DoesNotContain(change, c => c.Field == "RowVersion");
    }

    [Fact]
    public async Task Create_WithInvalidIdentifiersAndDates_IsRefusedFieldByField_AndNothingIsWritten()
    {
        var input = Works("Procedura con dati errati " + Guid.NewGuid());
        input.Cpv = "45233141-8";
        input.Cup = "E37H2200123000";
        input.CommittenteCodiceFiscale = "80008870264"; // the Province of Treviso (80008870265) with a wrong check digit
        input.RupCodiceFiscale = "RSSMRA80A01H501X";
        input.DataPubblicazione = new DateTime(2025, 5, 10);
        input.DataAggiudicazione = new DateTime(2025, 5, 1);
        input.OneriSicurezza = 500_000m;

        var ex = await Assert.ThrowsAsync<TenderValidationException>(() => factory.AsAsync(Sua, s => s.CreateAsync(input)));

        Assert.Equal("Codice CPV non valido: la cifra di controllo di 45233141 è 9, non 8.", ex.Errors[nameof(TenderInput.Cpv)]);
        Assert.Equal("Il CUP deve avere 15 caratteri (ne ha 14).", ex.Errors[nameof(TenderInput.Cup)]);
        Assert.StartsWith("Codice fiscale numerico non valido", ex.Errors[nameof(TenderInput.CommittenteCodiceFiscale)]);
        Assert.Equal("Codice fiscale non valido: il carattere di controllo dovrebbe essere U, non X.", ex.Errors[nameof(TenderInput.RupCodiceFiscale)]);
        Assert.Equal("La data di aggiudicazione (01/05/2025) non può precedere la data di pubblicazione (10/05/2025).", ex.Errors[nameof(TenderInput.DataAggiudicazione)]);
        Assert.Contains("non possono superarla", ex.Errors[nameof(TenderInput.OneriSicurezza)]);
        await using var db = await factory.CreateSystemDbAsync();
        Assert.False(await db.Procedures.AnyAsync(p => p.Oggetto == input.Oggetto));
    }

    [Fact]
    public async Task Create_DirectAwardOverTheLimit_IsSavedWithAWarning()
    {
        var input = Works("Rifacimento copertura palestra");
        input.SceltaContraente = TenderCodeLists.AffidamentoDiretto;
        input.ImportoBase = 180_000m;
        input.DataPubblicazione = new DateTime(2026, 2, 1);
        var saved = await factory.AsAsync(Sua, s => s.CreateAsync(input));
        var warning = Assert.Single(saved.Findings);
        Assert.Equal(FindingSeverity.Avviso, warning.Severity);
        Assert.StartsWith("Affidamento diretto per € 180.000,00", warning.Message);
    }

    [Fact]
    public async Task Cig_BelongsToOneLotOnly_AcrossTheWholePlatform()
    {
        var cig = NewCig();
        var first = await factory.AsAsync(Sua, s => s.CreateAsync(Works("Ponte sul Piave: consolidamento")));
        await factory.AsAsync(Sua, s => s.AddLotAsync(first.Id, new LotInput { Cig = cig.ToLowerInvariant(), Oggetto = "Lotto unico", Importo = 480_000m }));

        var second = await factory.AsAsync(Sua, s => s.CreateAsync(Works("Altra procedura")));
        var same = await Assert.ThrowsAsync<TenderValidationException>(() =>
            factory.AsAsync(Sua, s => s.AddLotAsync(second.Id, new LotInput { Cig = cig, Oggetto = "Lotto 1" })));
        Assert.Equal($"Il CIG {cig} è già assegnato al lotto 1 della procedura «Ponte sul Piave: consolidamento»: un CIG appartiene a un solo lotto.", same.Errors["Cig"]);

        // Another Province learns that the CIG is taken, not whose procedure it is.
        var brescia = await factory.AsAsync(SuaBrescia, s => s.CreateAsync(Works("Procedura bresciana")));
        var other = await Assert.ThrowsAsync<TenderValidationException>(() =>
            factory.AsAsync(SuaBrescia, s => s.AddLotAsync(brescia.Id, new LotInput { Cig = cig, Oggetto = "Lotto 1" })));
        Assert.Equal($"Il CIG {cig} è già registrato sulla piattaforma per un'altra procedura: un CIG appartiene a un solo lotto.", other.Errors["Cig"]);

        var invalid = await Assert.ThrowsAsync<TenderValidationException>(() =>
            factory.AsAsync(Sua, s => s.AddLotAsync(second.Id, new LotInput { Cig = "9914876E7E", Oggetto = "Lotto 1" })));
        Assert.Equal("CIG non valido: il codice di controllo non corrisponde (algoritmo SIMOG prima versione).", invalid.Errors["Cig"]);

        await using var db = await factory.CreateSystemDbAsync();
        Assert.Equal(1, await db.Lots.CountAsync(l => l.Cig == cig));
    }

    [Fact]
    public async Task Update_WithAStaleVersion_IsReportedAsAConcurrentEdit()
    {
        var saved = await factory.AsAsync(Sua, s => s.CreateAsync(Works("Nuova rotatoria a Villorba")));
        var mine = Works("Nuova rotatoria a Villorba (Silvia)");
        var theirs = Works("Nuova rotatoria a Villorba (Paolo)");

        await factory.AsAsync(ProvinceAdmin, s => s.UpdateAsync(saved.Id, theirs, saved.RowVersion));
        var ex = await Assert.ThrowsAsync<TenderConcurrencyException>(() => factory.AsAsync(Sua, s => s.UpdateAsync(saved.Id, mine, saved.RowVersion)));

        Assert.StartsWith("La procedura è stata modificata da un altro utente", ex.Message);
        Assert.Equal("Nuova rotatoria a Villorba (Paolo)", (await factory.AsAsync(Sua, s => s.GetAsync(saved.Id)))!.Procedure.Oggetto);
    }

    [Fact]
    public async Task UpdateLot_WithAStaleVersion_IsReportedAsAConcurrentEdit()
    {
        var saved = await factory.AsAsync(Sua, s => s.CreateAsync(Works("Illuminazione pubblica")));
        var lotId = await factory.AsAsync(Sua, s => s.AddLotAsync(saved.Id, new LotInput { Oggetto = "Lotto unico", Importo = 100m }));
        await factory.AsAsync(Sua, s => s.UpdateLotAsync(lotId, new LotInput { Oggetto = "Lotto A", RowVersion = 0 }));
        var ex = await Assert.ThrowsAsync<TenderConcurrencyException>(() =>
            factory.AsAsync(Sua, s => s.UpdateLotAsync(lotId, new LotInput { Oggetto = "Lotto B", RowVersion = 0 })));
        Assert.StartsWith("Il lotto è stato modificato da un altro utente", ex.Message);
    }

    [Fact]
    public async Task Phases_AdvanceOnlyWithTheDataEachNeeds_AndGoBackOnlyByAnAdministratorWithAReason()
    {
        var input = Works("Scuola media di Oderzo: adeguamento sismico");
        input.Rup = null;
        var p = await factory.AsAsync(Sua, s => s.CreateAsync(input));
        var version = p.RowVersion;

        async Task<int> Advance(int v) => (await factory.AsAsync(Sua, s => s.AdvancePhaseAsync(p.Id, v))).RowVersion;
        async Task<string> Refused(int v) => (await Assert.ThrowsAsync<TenderValidationException>(() => Advance(v))).Message;

        Assert.Equal("Per passare alla fase «Progettazione» mancano: il RUP.", await Refused(version));
        input.Rup = "Arch. Luca Pavan";
        version = (await factory.AsAsync(Sua, s => s.UpdateAsync(p.Id, input, version))).RowVersion;
        version = await Advance(version);

        Assert.Equal("Per passare alla fase «Pubblicazione» mancano: la data di pubblicazione, almeno un lotto.", await Refused(version));
        input.DataPubblicazione = new DateTime(2025, 9, 15);
        version = (await factory.AsAsync(Sua, s => s.UpdateAsync(p.Id, input, version))).RowVersion;
        var lotId = await factory.AsAsync(Sua, s => s.AddLotAsync(p.Id, new LotInput { Oggetto = "Lotto unico", Importo = 480_000m }));
        Assert.Equal("Per passare alla fase «Pubblicazione» mancano: il CIG del lotto 1.", await Refused(version));
        var cig = NewCig();
        await factory.AsAsync(Sua, s => s.UpdateLotAsync(lotId, new LotInput { Cig = cig, Oggetto = "Lotto unico", Importo = 480_000m }));
        version = await Advance(version);

        Assert.Equal("Per passare alla fase «Affidamento» mancano: la data di aggiudicazione, l'aggiudicatario del lotto 1, l'importo di aggiudicazione del lotto 1.", await Refused(version));
        await factory.AsAsync(Sua, s => s.AddParticipationAsync(lotId, new ParticipationInput
        {
            NomeRaggruppamento = "RTI Alfa - Beta",
            Aggiudicatario = true,
            Members =
            [
                new() { Denominazione = "Alfa Costruzioni S.r.l.", CodiceFiscale = "04207001001", Ruolo = "02-MANDATARIA" },
                new() { Denominazione = "Beta Impianti S.p.A.", CodiceFiscale = "02060250996", Ruolo = "01-MANDANTE" },
            ],
        }));
        await factory.AsAsync(Sua, s => s.AddParticipationAsync(lotId, new ParticipationInput
        {
            Members = [new() { Denominazione = "Gamma Bau GmbH", IdentificativoFiscaleEstero = "DE123456789" }],
        }));
        await factory.AsAsync(Sua, s => s.UpdateLotAsync(lotId, new LotInput
        {
            Cig = cig, Oggetto = "Lotto unico", Importo = 480_000m, ImportoAggiudicazione = 431_520m, RibassoPercent = 10.1m, RowVersion = 1,
        }));
        input.DataAggiudicazione = new DateTime(2025, 11, 20);
        version = (await factory.AsAsync(Sua, s => s.UpdateAsync(p.Id, input, version))).RowVersion;
        version = await Advance(version);

        Assert.Equal("Per passare alla fase «Esecuzione» mancano: la data di stipula del contratto.", await Refused(version));

        var notAdmin = await Assert.ThrowsAsync<TenderForbiddenException>(() =>
            factory.AsAsync(Sua, s => s.MovePhaseBackAsync(p.Id, TenderPhase.Pubblicazione, "ricorso al TAR", version)));
        Assert.Equal("Solo un amministratore può riportare una procedura a una fase precedente.", notAdmin.Message);
        var noReason = await Assert.ThrowsAsync<TenderValidationException>(() =>
            factory.AsAsync(ProvinceAdmin, s => s.MovePhaseBackAsync(p.Id, TenderPhase.Pubblicazione, " ", version)));
        Assert.Equal("Indicare il motivo del ritorno alla fase precedente.", noReason.Message);
        version = (await factory.AsAsync(ProvinceAdmin, s => s.MovePhaseBackAsync(p.Id, TenderPhase.Pubblicazione, "Annullamento in autotutela dell'aggiudicazione", version))).RowVersion;

        var details = (await factory.AsAsync(Sua, s => s.GetAsync(p.Id)))!;
        Assert.Equal(TenderPhase.Pubblicazione, details.Procedure.Phase);
        Assert.Equal("Annullamento in autotutela dell'aggiudicazione", details.Procedure.MotivoCambioFase);
        var lot = Assert.Single(details.Procedure.Lots);
        Assert.Equal(2, lot.Participations.Count);
        var rti = lot.Participations.Single(x => x.Aggiudicatario);
        Assert.Equal(["01-MANDANTE", "02-MANDATARIA"], rti.Members.Select(m => m.Ruolo!).Order());
        Assert.Null(lot.Participations.Single(x => !x.Aggiudicatario).Members.Single().Ruolo);
        Assert.Equal(43_152_000, lot.ImportoAggiudicazioneCents);
        Assert.Equal(10.1m, lot.RibassoPercent);
    }

    [Fact]
    public async Task Participation_GroupMemberWithoutRoleOrWithBadFiscalCode_IsRefusedByField()
    {
        var p = await factory.AsAsync(Sua, s => s.CreateAsync(Works("Asfaltature 2026")));
        var lotId = await factory.AsAsync(Sua, s => s.AddLotAsync(p.Id, new LotInput { Oggetto = "Lotto 1" }));
        var ex = await Assert.ThrowsAsync<TenderValidationException>(() => factory.AsAsync(Sua, s => s.AddParticipationAsync(lotId, new ParticipationInput
        {
            Members =
            [
                new() { Denominazione = "Alfa", CodiceFiscale = "04207001001", Ruolo = "02-MANDATARIA" },
                new() { Denominazione = "Beta", CodiceFiscale = "04207001002" },
            ],
        })));
        Assert.Equal("Nel raggruppamento ogni membro ha un ruolo (mandataria, mandante …).", ex.Errors["Members[1].Ruolo"]);
        Assert.Equal("Codice fiscale numerico non valido: la cifra di controllo dovrebbe essere 1, non 2.", ex.Errors["Members[1].CodiceFiscale"]);
    }

    [Fact]
    public async Task UpdateParticipation_ReplacesNameWinnerAndMembers_AndIsAudited()
    {
        var p = await factory.AsAsync(Sua, s => s.CreateAsync(Works("Illuminazione pubblica via Roma")));
        var lotId = await factory.AsAsync(Sua, s => s.AddLotAsync(p.Id, new LotInput { Oggetto = "Lotto unico" }));
        var id = await factory.AsAsync(Sua, s => s.AddParticipationAsync(lotId, new ParticipationInput
        {
            Members = [new() { Denominazione = "Alfa Costruzioni S.r.l.", CodiceFiscale = "04207001001" }],
        }));

        // The single bidder becomes the winning raggruppamento it actually led, with a foreign mandante.
        await factory.AsAsync(Sua, s => s.UpdateParticipationAsync(id, new ParticipationInput
        {
            NomeRaggruppamento = "RTI Alfa - Gamma", Aggiudicatario = true,
            Members =
            [
                new() { Denominazione = "Alfa Costruzioni S.r.l.", CodiceFiscale = "04207001001", Ruolo = "02-MANDATARIA" },
                new() { Denominazione = "Gamma Bau GmbH", IdentificativoFiscaleEstero = "DE987654321", Ruolo = "01-MANDANTE" },
            ],
        }));

        var x = Assert.Single(Assert.Single((await factory.AsAsync(Sua, s => s.GetAsync(p.Id)))!.Procedure.Lots).Participations);
        Assert.Equal(id, x.Id);
        Assert.Equal("RTI Alfa - Gamma", x.NomeRaggruppamento);
        Assert.True(x.Aggiudicatario);
        Assert.Equal([("Alfa Costruzioni S.r.l.", "02-MANDATARIA"), ("Gamma Bau GmbH", "01-MANDANTE")],
            x.Members.OrderBy(m => m.Ruolo, StringComparer.Ordinal).Reverse().Select(m => (m.Operator!.Denominazione, m.Ruolo!)).ToArray());
        await using var db = await factory.CreateSystemDbAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == nameof(Participation) && a.EntityKey == id.ToString() && a.Action == AuditAction.Modifica));

        // Another Province's SUA cannot touch it.
        await Assert.ThrowsAsync<TenderNotFoundException>(() => factory.AsAsync(SuaBrescia, s => s.UpdateParticipationAsync(id, new ParticipationInput
        {
            Members = [new() { Denominazione = "Intrusa S.r.l.", CodiceFiscale = "04207001001" }],
        })));
    }

    [Fact]
    public async Task Participation_TwoMandatarieOrTheSameOperatorTwice_IsRefusedByField()
    {
        var p = await factory.AsAsync(Sua, s => s.CreateAsync(Works("Sfalcio banchine 2026")));
        var lotId = await factory.AsAsync(Sua, s => s.AddLotAsync(p.Id, new LotInput { Oggetto = "Lotto 1" }));
        var ex = await Assert.ThrowsAsync<TenderValidationException>(() => factory.AsAsync(Sua, s => s.AddParticipationAsync(lotId, new ParticipationInput
        {
            NomeRaggruppamento = "RTI",
            Members =
            [
                new() { Denominazione = "Alfa", CodiceFiscale = "04207001001", Ruolo = "02-MANDATARIA" },
                new() { Denominazione = "Beta", CodiceFiscale = "02060250996", Ruolo = "02-MANDATARIA" },
                new() { Denominazione = "Alfa di nuovo", CodiceFiscale = "04207001001", Ruolo = "01-MANDANTE" },
            ],
        })));
        Assert.Equal("Il raggruppamento ha una sola mandataria: gli altri membri sono mandanti.", ex.Errors["Members[1].Ruolo"]);
        Assert.Equal("Lo stesso operatore compare due volte nel raggruppamento.", ex.Errors["Members[2].CodiceFiscale"]);
    }

    [Fact]
    public async Task Deadlines_AreStoredInUtcFromTheOfficesClock()
    {
        var p = await factory.AsAsync(Sua, s => s.CreateAsync(Works("Manutenzione verde")));
        await factory.AsAsync(Sua, s => s.AddDeadlineAsync(p.Id, new DeadlineInput
        {
            Kind = DeadlineKind.ScadenzaOfferte, Data = new DateTime(2026, 7, 1), Ora = new TimeSpan(12, 0, 0), Note = "sulla piattaforma",
        }));
        var custom = await Assert.ThrowsAsync<TenderValidationException>(() =>
            factory.AsAsync(Sua, s => s.AddDeadlineAsync(p.Id, new DeadlineInput { Kind = DeadlineKind.Personalizzata, Data = new DateTime(2026, 7, 2) })));
        Assert.Equal("Una scadenza personalizzata ha bisogno di un titolo.", custom.Errors["Titolo"]);

        var d = Assert.Single((await factory.AsAsync(Sua, s => s.GetAsync(p.Id)))!.Procedure.Deadlines);
        Assert.Equal(new DateTime(2026, 7, 1, 10, 0, 0, DateTimeKind.Utc), d.DueAtUtc);
    }

    [Fact]
    public async Task OtherProvince_GetsNotFound_ForReadingAndWriting()
    {
        var p = await factory.AsAsync(Sua, s => s.CreateAsync(Works("Procedura trevigiana riservata")));
        Assert.Null(await factory.AsAsync(SuaBrescia, s => s.GetAsync(p.Id)));
        await Assert.ThrowsAsync<TenderNotFoundException>(() => factory.AsAsync(SuaBrescia, s => s.UpdateAsync(p.Id, Works("preso"), 0)));
        await Assert.ThrowsAsync<TenderNotFoundException>(() => factory.AsAsync(SuaBrescia, s => s.AddLotAsync(p.Id, new LotInput { Oggetto = "x" })));
        var list = await factory.AsAsync(SuaBrescia, s => s.ListAsync(new TenderFilter(Text: "trevigiana riservata"), 0, 50));
        Assert.Equal(0, list.Total);
    }

    [Fact]
    public async Task ComuneUser_SeesOnlyItsComunesProcedures_AndCannotWrite_DirigenteReadsAll()
    {
        var conegliano = await factory.ComuneIdAsync("C957");
        var montebelluna = await factory.ComuneIdAsync("F443");
        var own = await factory.AsAsync(Sua, s => s.CreateAsync(Works("Palazzetto di Conegliano: impianti", conegliano)));
        var other = await factory.AsAsync(Sua, s => s.CreateAsync(Works("Biblioteca di Montebelluna", montebelluna)));
        var province = await factory.AsAsync(Sua, s => s.CreateAsync(Works("SP 102 di Conegliano e dintorni")));

        Assert.NotNull(await factory.AsAsync(ComuneConegliano, s => s.GetAsync(own.Id)));
        Assert.Null(await factory.AsAsync(ComuneConegliano, s => s.GetAsync(other.Id)));
        Assert.Null(await factory.AsAsync(ComuneConegliano, s => s.GetAsync(province.Id)));
        var list = await factory.AsAsync(ComuneConegliano, s => s.ListAsync(new TenderFilter(), 0, 200));
        Assert.Contains(list.Items, r => r.Id == own.Id);
        Assert.All(list.Items, r => Assert.Equal("Comune di Conegliano", r.Committente));
        var write = await Assert.ThrowsAsync<TenderForbiddenException>(() => factory.AsAsync(ComuneConegliano, s => s.UpdateAsync(own.Id, Works("x", conegliano), 0)));
        Assert.Equal("Il suo ruolo consente di consultare le gare, non di modificarle.", write.Message);

        Assert.NotNull(await factory.AsAsync(Manager, s => s.GetAsync(other.Id)));
        Assert.False((await factory.AsAsync(Manager, s => s.GetAsync(other.Id)))!.CanWrite);
        await Assert.ThrowsAsync<TenderForbiddenException>(() => factory.AsAsync(Manager, s => s.CreateAsync(Works("x"))));
        // A role without the Gare section does not see the register at all.
        await Assert.ThrowsAsync<TenderNotFoundException>(() => factory.AsAsync(EuropeOperator, s => s.GetAsync(own.Id)));
    }

    [Fact]
    public async Task List_FiltersByPhaseTipoCommittenteTextAndYear_PagesOnTheServer()
    {
        var tag = "Filtro-" + Guid.NewGuid().ToString("N")[..8];
        var treviso = await factory.ComuneIdAsync("L407");
        var services = Works($"{tag} servizio mensa");
        services.Tipo = ContractType.Servizi;
        services.Cpv = "55523100-3";
        services.ComuneId = treviso;
        services.DataPubblicazione = new DateTime(2024, 3, 1);
        await factory.AsAsync(Sua, s => s.CreateAsync(services));
        for (var i = 0; i < 3; i++)
        {
            var w = Works($"{tag} lavori {i}");
            w.DataPubblicazione = new DateTime(2025, 3, 1 + i);
            await factory.AsAsync(Sua, s => s.CreateAsync(w));
        }

        var all = await factory.AsAsync(Sua, s => s.ListAsync(new TenderFilter(Text: tag.ToUpperInvariant()), 0, 2));
        Assert.Equal(4, all.Total);
        Assert.Equal(2, all.Items.Count);
        Assert.Equal($"{tag} lavori 2", all.Items[0].Oggetto); // newest first
        Assert.Equal(3, (await factory.AsAsync(Sua, s => s.ListAsync(new TenderFilter(Text: tag, Tipo: ContractType.Lavori), 0, 50))).Total);
        var byComune = await factory.AsAsync(Sua, s => s.ListAsync(new TenderFilter(Text: tag, ComuneId: treviso), 0, 50));
        Assert.Equal("Comune di Treviso", Assert.Single(byComune.Items).Committente);
        Assert.Equal(3, (await factory.AsAsync(Sua, s => s.ListAsync(new TenderFilter(Text: tag, SoloProvincia: true), 0, 50))).Total);
        Assert.Single((await factory.AsAsync(Sua, s => s.ListAsync(new TenderFilter(Text: tag, Anno: 2024), 0, 50))).Items);
        Assert.Equal(0, (await factory.AsAsync(Sua, s => s.ListAsync(new TenderFilter(Text: tag, Phase: TenderPhase.Esecuzione), 0, 50))).Total);

        // Paging with the count read moments ago: returned as it is, the page is read as before.
        var second = await factory.AsAsync(Sua, s => s.ListAsync(new TenderFilter(Text: tag), 1, 2, knownTotal: 4));
        Assert.Equal(4, second.Total);
        Assert.Equal([$"{tag} lavori 0", $"{tag} servizio mensa"], second.Items.Select(r => r.Oggetto));
        Assert.Equal(9, (await factory.AsAsync(Sua, s => s.ListAsync(new TenderFilter(Text: tag), 1, 2, knownTotal: 9))).Total);
    }

    [Fact]
    public async Task List_WithoutText_ReadThroughCompiledQueries_IsWhatFilteredAndOrderedRead()
    {
        var treviso = await factory.ComuneIdAsync("L407");
        TenderFilter[] filters =
        [
            new(), new(Phase: TenderPhase.Progettazione), new(Tipo: ContractType.Lavori), new(ComuneId: treviso), new(SoloProvincia: true),
            new(Anno: 2025), new(Tipo: ContractType.Servizi, ComuneId: treviso), new(SoloProvincia: true, ComuneId: treviso, Anno: 2024),
        ];
        foreach (var filter in filters)
        {
            var (items, total) = await factory.AsAsync(Sua, s => s.ListAsync(filter, 0, 200));
            var (ids, count) = await factory.AsUserAsync(Sua, async sp =>
            {
                var user = await sp.GetRequiredService<CurrentUser>().GetAsync();
                await using var db = await sp.GetRequiredService<PortalDbFactory>().CreateAsync();
                var q = TenderService.Filtered(TenderService.Visible(db, user), filter);
                return (await TenderService.Ordered(q, null, false).Take(200).Select(p => p.Id).ToListAsync(), await q.CountAsync());
            });
            Assert.Equal(count, total);
            Assert.Equal(ids, items.Select(i => i.Id));
            if (filter == new TenderFilter())
            {
                Assert.True(total > 3, $"{total} procedure nel registro di prova");
                var second = await factory.AsAsync(Sua, s => s.ListAsync(filter, 1, 3, knownTotal: total));
                Assert.Equal(ids.Skip(3).Take(3), second.Items.Select(i => i.Id));
            }
        }
        // The queries were compiled (for the Province's model), not built at each call.
        Assert.True(TenderService.RegisterRows.Models > 0 && TenderService.RegisterCount.Models > 0);
    }

    [Fact]
    public async Task Committenti_TheProvinceAndItsComuni_AComuneUserOnlyItsOwn()
    {
        var sua = await factory.AsAsync(Sua, s => s.ListCommittentiAsync());
        Assert.Equal(new CommittenteOption(null, "Provincia di Treviso"), sua[0]);
        Assert.Contains(new CommittenteOption(await factory.ComuneIdAsync("L407"), "Comune di Treviso"), sua);
        Assert.True(sua.Count > 90, $"{sua.Count} committenti");
        // Shared by the users who see the same: another officer of Treviso gets the same list, a Comune's user its own.
        Assert.Equal(sua, await factory.AsAsync(ProvinceAdmin, s => s.ListCommittentiAsync()));
        Assert.Equal([new CommittenteOption(null, "Provincia di Treviso"), new CommittenteOption(await factory.ComuneIdAsync("C957"), "Comune di Conegliano")],
            await factory.AsAsync(ComuneConegliano, s => s.ListCommittentiAsync()));
        var brescia = await factory.AsAsync(SuaBrescia, s => s.ListCommittentiAsync());
        Assert.Equal("Provincia di Brescia", brescia[0].Name);
        Assert.DoesNotContain(brescia, c => c.Name == "Comune di Treviso");
    }
}

/// <summary>The demo procedures seeded for Treviso: present once, with identifiers that pass every check.</summary>
public sealed class TenderDemoDataTests(TendersFactory factory) : IClassFixture<TendersFactory>
{
    [Fact]
    public async Task DemoProcedures_AreSeededOnce_WithValidIdentifiers()
    {
        await using var db = await factory.CreateSystemDbAsync();
        var procedures = await db.Procedures.Include(p => p.Lots).ToListAsync();
        Assert.Equal(6, procedures.Count);
        Assert.All(procedures.SelectMany(p => p.Lots).Where(l => l.Cig != null), l => Assert.Null(CigCode.Check(l.Cig)));
        Assert.All(procedures.Where(p => p.Cpv != null), p => Assert.Null(CpvCode.Check(p.Cpv)));
        Assert.All(procedures.Where(p => p.Cup != null), p => Assert.Null(CupCode.Check(p.Cup)));
        Assert.All(await db.EconomicOperators.Where(o => o.CodiceFiscale != null).ToListAsync(), o => Assert.Null(CodiceFiscale.Check(o.CodiceFiscale)));
        Assert.All(procedures, p => Assert.Empty(TenderValidator.Validate(TenderInput.From(p))));

        // A second run (every start of the app) adds nothing.
        await ProvincePortal.Features.Tenders.TenderDemoData.SeedAsync(db, default);
        Assert.Equal(6, await db.Procedures.CountAsync());

        var visibleToConegliano = await factory.AsAsync(TendersFactory.ComuneConegliano, s => s.ListAsync(new TenderFilter(), 0, 50));
        Assert.Equal(2, visibleToConegliano.Total);
    }
}
