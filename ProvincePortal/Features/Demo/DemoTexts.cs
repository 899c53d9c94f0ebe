namespace ProvincePortal.Features.Demo;

/// <summary>The phrases generated records are made of: administrative Italian, as a Province's registers read.</summary>
internal static class DemoTexts
{
    public static readonly string[] Surnames =
    [
        "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo",
        "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro",
        "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo", "Gentile", "Martinelli", "Vitale",
        "Lombardo", "Serra", "Coppola", "De Santis", "D'Angelo", "Marchetti", "Parisi", "Villa", "Conte", "Ferraro", "Fabbri",
        "Bianco", "Marini", "Grasso", "Valentini", "Messina", "Sala", "De Angelis", "Gatti", "Pellegrini", "Palumbo", "Sanna",
    ];

    public static readonly string[] FirstNames =
    [
        "Marco", "Giulia", "Luca", "Francesca", "Andrea", "Chiara", "Alessandro", "Sara", "Matteo", "Valentina", "Paolo",
        "Elena", "Giovanni", "Laura", "Stefano", "Anna", "Davide", "Martina", "Roberto", "Federica", "Simone", "Silvia",
        "Antonio", "Paola", "Giuseppe", "Maria", "Francesco", "Alessia", "Lorenzo", "Cristina",
    ];

    public static readonly string[] OperatorForms = ["S.r.l.", "S.p.A.", "S.n.c.", "S.a.s.", "Soc. Coop.", "S.r.l.s."];

    public static readonly string[] OperatorTrades =
    [
        "Costruzioni", "Edilizia", "Impianti", "Strade", "Servizi Ambientali", "Informatica", "Arredi", "Manutenzioni",
        "Ingegneria", "Termotecnica", "Elettrotecnica", "Verde Pubblico", "Segnaletica", "Trasporti", "Pulizie", "Restauri",
    ];

    /// <summary>(object, contract type 1 works 2 services 3 supplies, CPV division without check digit).</summary>
    public static readonly (string Text, int Type, string Cpv)[] ProcedureObjects =
    [
        ("Manutenzione straordinaria della pavimentazione stradale", 1, "45233141"),
        ("Lavori di adeguamento sismico della scuola primaria", 1, "45454000"),
        ("Riqualificazione energetica dell'istituto superiore", 1, "45321000"),
        ("Messa in sicurezza del ponte sul torrente", 1, "45221111"),
        ("Realizzazione della pista ciclabile", 1, "45233162"),
        ("Ristrutturazione della palestra comunale", 1, "45212222"),
        ("Rifacimento della rotatoria all'incrocio della strada provinciale", 1, "45233128"),
        ("Efficientamento dell'illuminazione pubblica", 1, "45316110"),
        ("Consolidamento del versante in frana", 1, "45262000"),
        ("Servizio di sgombero neve e trattamento antighiaccio", 2, "90620000"),
        ("Servizio di sfalcio dell'erba lungo le strade provinciali", 2, "77314000"),
        ("Servizio di pulizia degli uffici", 2, "90910000"),
        ("Servizio di trasporto scolastico", 2, "60130000"),
        ("Servizio di mensa scolastica", 2, "55524000"),
        ("Servizio di progettazione esecutiva", 2, "71322000"),
        ("Servizio di manutenzione del verde pubblico", 2, "77310000"),
        ("Servizio di gestione dei sistemi informativi", 2, "72500000"),
        ("Servizio di vigilanza degli edifici", 2, "79713000"),
        ("Fornitura di arredi scolastici", 3, "39160000"),
        ("Fornitura di personal computer e monitor", 3, "30213000"),
        ("Fornitura di sale per uso stradale", 3, "34927100"),
        ("Fornitura di energia elettrica", 3, "09310000"),
        ("Fornitura di segnaletica verticale", 3, "34992200"),
        ("Fornitura di automezzi per la manutenzione stradale", 3, "34144000"),
    ];

    public static readonly string[] LotPlaces =
    [
        "zona nord", "zona sud", "zona est", "zona ovest", "area collinare", "area montana", "centro storico", "zona industriale",
    ];

    public static readonly string[] RequestServices =
    [
        "Assistenza pagoPA", "Aggiornamento del sito istituzionale", "Attivazione dei servizi su app IO", "Supporto SPID e CIE",
        "Protocollo informatico", "Conservazione digitale", "Sicurezza informatica", "Formazione del personale",
    ];

    public static readonly string[] RequestSubjects =
    [
        "Aggiornamento della pagina degli orari", "Pubblicazione del bando di concorso", "Errore nei pagamenti pagoPA",
        "Attivazione dei servizi su app IO", "Accesso con SPID non riuscito", "Migrazione al cloud dei server",
        "Richiesta di formazione sul protocollo", "Nuovo modulo online per le iscrizioni", "Modifica dell'amministrazione trasparente",
        "Certificato scaduto del sito", "Casella PEC piena", "Protocollo informatico bloccato", "Rete Wi-Fi della biblioteca",
        "Backup dei documenti dell'ufficio tecnico", "Registro dei trattamenti privacy", "Password compromessa di un dipendente",
        "Avvisi TARI non pagabili", "Rette della mensa scolastica", "Albo pretorio non aggiornato", "Subentro in ANPR",
        "Fascicolo del cittadino", "Segnalazione di un disservizio", "Nuovo dominio del Comune", "Pubblicazione di open data",
        "Accessibilità del sito", "Dichiarazione di accessibilità", "Candidatura PNRR misura 1.4.1", "Candidatura PNRR misura 1.2",
        "Firma digitale scaduta", "Conservazione a norma dei registri", "Piattaforma notifiche digitali", "Servizi scolastici online",
        "Prenotazione degli appuntamenti all'anagrafe", "Sportello unico edilizia", "Sportello attività produttive",
        "Portale dei tributi", "Newsletter del Comune", "Cookie banner del sito", "Statistiche del sito", "Diretta video del consiglio comunale",
    ];

    public static readonly string[] Solutions =
    [
        "Configurazione corretta e verificata con l'ufficio.", "Intervento eseguito da remoto, servizio ripristinato.",
        "Aggiornamento pubblicato sul sito.", "Credenziali reimpostate e comunicate al referente.",
        "Problema risolto dal fornitore, verificato il funzionamento.",
    ];

    public static readonly string[] WaitingReasons =
    [
        "In attesa dei documenti dal Comune.", "In attesa della risposta del fornitore.", "In attesa della firma del responsabile.",
    ];

    public static readonly (string Programme, string Code, string Prefix, string Action)[] EuProgrammes =
    [
        ("Horizon Europe", "HORIZON", "HORIZON-CL5-2026", "HORIZON-RIA"), ("LIFE", "LIFE", "LIFE-2026-SAP-ENV", "LIFE-SAP"),
        ("Digital Europe Programme", "DIGITAL", "DIGITAL-2026-AI", "DIGITAL-SIMPLE"), ("Connecting Europe Facility", "CEF", "CEF-T-2026-SIMOBGEN", "CEF-PJG"),
        ("Erasmus+", "ERASMUS", "ERASMUS-EDU-2026-PCOOP", "ERASMUS-LS"), ("Interreg Europe", "INTERREG", "INTERREG-EUROPE-2026", "INTERREG-PJ"),
        ("Citizens, Equality, Rights and Values", "CERV", "CERV-2026-CITIZENS-TOWN", "CERV-LAG"),
        ("Single Market Programme", "SMP", "SMP-COSME-2026", "SMP-GRANT"),
    ];

    public static readonly string[] EuTitles =
    [
        "Climate-neutral and smart cities", "Sustainable urban mobility solutions", "Digital transformation of public administrations",
        "Circular economy in local communities", "Nature-based solutions for flood protection", "Energy efficiency of public buildings",
        "Town twinning and networks of towns", "Cross-border cooperation on civil protection", "Inclusive education and youth participation",
        "Artificial intelligence for public services", "Cybersecurity of local authorities", "Cultural heritage and tourism",
    ];

    public static readonly (string Programme, string Prefix)[] NationalProgrammes =
    [
        ("PNRR – Missione 1", "PNRR-M1C1"), ("PNRR – Missione 2", "PNRR-M2C4"), ("PNRR – Missione 5", "PNRR-M5C2"),
        ("Fondo sviluppo e coesione", "FSC"), ("PR FESR regionale", "FESR"), ("PR FSE+ regionale", "FSE"),
    ];

    public static readonly string[] NationalTitles =
    [
        "Avviso per la digitalizzazione dei servizi comunali", "Bando per l'efficientamento energetico degli edifici pubblici",
        "Avviso per la messa in sicurezza delle scuole", "Contributi per la rigenerazione urbana", "Avviso per le piste ciclabili",
        "Bando per la valorizzazione dei borghi", "Contributi per la prevenzione del dissesto idrogeologico",
        "Avviso per l'adozione dell'app IO", "Avviso per la migrazione al cloud", "Bando per impianti sportivi di base",
    ];

    public static readonly string[] Keywords =
    [
        "digitale", "energia", "clima", "mobilità", "scuole", "cultura", "turismo", "ambiente", "inclusione", "giovani", "innovazione", "territorio",
    ];

    public static readonly string[] DocumentTypes = ["Delibera", "Determina", "Bando", "Contratto", "Verbale", "Modello", "Relazione"];

    public static readonly string[] DocumentTags =
    [
        "strade", "scuole", "pnrr", "ambiente", "gare", "europa", "bilancio", "personale", "sociale", "cultura", "trasporti",
        "digitale", "energia", "rifiuti", "turismo", "edilizia", "protezione civile",
    ];

    public static readonly string[] DocumentSubjects =
    [
        "approvazione del progetto esecutivo", "affidamento del servizio di manutenzione", "variazione di bilancio",
        "nomina della commissione giudicatrice", "aggiudicazione definitiva", "convenzione con i Comuni del territorio",
        "piano triennale delle opere pubbliche", "rendicontazione dei fondi PNRR", "regolamento per l'accesso agli atti",
        "verbale di sopralluogo", "schema di contratto", "relazione tecnica illustrativa", "capitolato speciale d'appalto",
        "piano della mobilità sostenibile", "programma di interventi sulla viabilità", "protocollo d'intesa con la Regione",
    ];

    public static readonly string[] Sentences =
    [
        "Visto il decreto legislativo 31 marzo 2023, n. 36, recante il codice dei contratti pubblici;",
        "Considerato che l'intervento è previsto nel programma triennale dei lavori pubblici;",
        "Dato atto che la spesa trova copertura negli stanziamenti del bilancio di previsione;",
        "Ritenuto di procedere nel rispetto dei principi di economicità, efficacia e trasparenza;",
        "Accertata la regolarità tecnica e contabile del presente provvedimento;",
        "Il responsabile del procedimento ha verificato la documentazione presentata dagli operatori economici.",
        "Il cantiere interessa la viabilità provinciale e richiede un'ordinanza di limitazione del traffico.",
        "La manutenzione delle strade e degli edifici scolastici resta una priorità dell'ente.",
        "Le risorse del Piano nazionale di ripresa e resilienza devono essere rendicontate entro i termini previsti.",
        "I Comuni aderenti alla convenzione partecipano alle spese in proporzione agli abitanti.",
        "La sicurezza dei lavoratori è garantita dal piano di sicurezza e coordinamento.",
        "L'accessibilità dei servizi digitali è verificata secondo le linee guida dell'Agenzia per l'Italia digitale.",
        "Il verbale della seduta è pubblicato nell'albo pretorio online e nella sezione amministrazione trasparente.",
        "Si dà mandato agli uffici competenti per gli adempimenti conseguenti.",
    ];
}
