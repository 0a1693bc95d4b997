/**
 * Every text the task pane, the ribbon commands and the notification dialog show, in Swedish.
 * Components and commands never write user-visible text of their own: they take it from here.
 * (Messages of findings and of the core's errors come from the core, in Swedish too.)
 */
import type { Severity } from "../core/findings";

/** Counts of findings per severity. */
export interface FindingCounts {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** `a, b och c` */
export function joinSv(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} och ${items[items.length - 1]}`;
}

const countsText = (c: FindingCounts): string =>
  `${plural(c.error, "fel", "fel")}, ${plural(c.warning, "varning", "varningar")} och ${plural(c.info, "info", "info")}`;

export const STRINGS = {
  appName: "Verksamhetsplan för Excel",
  appTagline: "Mallar, kontroller och sammanställningar för verksamhetsplanen.",

  tabs: {
    label: "Vyer",
    start: "Start",
    check: "Kontroll",
    summary: "Sammanställning",
    settings: "Inställningar",
  },

  severity: { error: "Fel", warning: "Varning", info: "Info" } as Record<Severity, string>,
  severityPlural: { error: "Fel", warning: "Varningar", info: "Info" } as Record<Severity, string>,

  start: {
    heading: "Skapa mall",
    intro:
      "Skapar bladen och tabellerna för verksamhetsplanen i den öppna arbetsboken. Befintliga tabeller och deras data lämnas orörda.",
    levelLabel: "Nivå",
    levels: { Nämnd: "Nämnd", Enhet: "Enhet" } as Record<string, string>,
    planYearLabel: "Planår",
    planYearHint: "Året som verksamhetsplanen gäller.",
    createButton: "Skapa mall",
    addMissingButton: "Lägg till saknade tabeller",
    addMissingHint:
      "Lägger bara till tabeller som saknas. Nivå och planår hämtas från arbetsbokens Inställningar om de finns där, så att nya tabeller passar de befintliga.",
    working: "Skapar tabeller …",
    createdHeading: "Skapade tabeller",
    keptHeading: "Fanns redan och lämnades orörda",
    nothingCreated: "Alla tabeller fanns redan. Inget ändrades i arbetsboken.",
    createdSummary: (created: number, kept: number): string =>
      `${plural(created, "tabell skapades", "tabeller skapades")}, ${plural(kept, "fanns redan", "fanns redan")}.`,
    examplesHeading: "Exempel",
    examplesIntro:
      "Öppnar ett exempel som en ny arbetsbok: en nämnds verksamhetsplan eller en enhets verksamhetsberättelse med bedömningar och aktiviteternas status. Den öppna arbetsboken ändras inte.",
    examplePlan: "Hägersten-Älvsjö VP 2025",
    exampleFollowUp: "Resursenheten VB 2021",
    exampleOpened: (file: string): string => `Exemplet öppnades som ${file}.`,
    consolidateButton: "Konsolidera enheter",
    openButton: "Öppna arbetsbok",
    downloadButton: "Ladda ned arbetsbok",
  },

  check: {
    heading: "Kontroll",
    intro:
      "Läser arbetsboken och kontrollerar den mot formatet. Celler med fel och varningar markeras i arbetsboken. Välj ett fynd för att gå till cellen.",
    button: "Kontrollera",
    working: "Kontrollerar arbetsboken …",
    noFindings: "Inga fel, varningar eller info. Arbetsboken ser bra ut.",
    workbookGroup: "Arbetsboken",
    /** Read by screen readers before the visible cell address: ”Gå till Indikatorer!” + ”E58”. */
    goToSheet: (sheet: string): string => `Gå till ${sheet}!`,
    selectFailed: "Det gick inte att markera cellen.",
  },

  summary: {
    heading: "Sammanställning",
    intro:
      "Kontrollerar arbetsboken och skriver bladen Sammanställning ekonomi, Sammanställning mål och Kontroll. Tidigare versioner av bladen ersätts; andra blad rörs inte.",
    button: "Skapa sammanställning",
    progressLabel: "Förlopp",
    starting: "Startar …",
    sheetsWritten: (sheets: readonly string[]): string => `Sammanställningen skapades: ${joinSv(sheets)}.`,
    total: (period: string, amount: string, unit: string): string => `Totalt ${period}: ${amount} ${unit}`,
    deviation: (amount: string, unit: string, favourable: boolean): string =>
      `Avvikelse mot budget: ${amount} ${unit} (${favourable ? "överskott" : "underskott"})`,
    assessments: (c: Readonly<Record<string, number>>): string =>
      `Egna mål: ${c["Uppfylls helt"] ?? 0} uppfylls helt, ${c["Uppfylls delvis"] ?? 0} delvis, ${c["Uppfylls inte"] ?? 0} inte, ${c.none ?? 0} utan bedömning.`,
    unit: { tkr: "tkr", mnkr: "mnkr" } as Record<string, string>,
  },

  units: {
    consolidateHeading: "Konsolidera enheter",
    consolidateIntro:
      "Välj enheternas arbetsböcker (.xlsx). De läses och summeras i nämndens plan, och bladen Enheter, Konsoliderad budget, Sammanställning ekonomi, Sammanställning mål och Kontroll skrivs i den öppna arbetsboken. En fil som inte kan läsas hoppas över.",
    consolidateButton: "Konsolidera enheter",
    filesLabel: "Enheternas arbetsböcker (.xlsx)",
    cancelButton: "Avbryt",
    progressLabel: "Förlopp",
    reading: (done: number, total: number): string =>
      `Läser ${done} av ${total} ${total === 1 ? "fil" : "filer"}`,
    consolidating: "Konsoliderar …",
    cancelled: "Konsolideringen avbröts. Inget skrevs i arbetsboken.",
    consolidated: (n: number): string => `${plural(n, "enhet konsoliderades", "enheter konsoliderades")}.`,
    consolidatedHeading: "Konsoliderade enheter",
    skippedHeading: "Hoppades över",
    skipped: (file: string, reason: string): string => `${file}: ${reason}`,
    templateHeading: "Skapa enhetsmall",
    templateIntro:
      "Skapar en arbetsbok för en enhet ur den öppna arbetsboken: nämndens mål som referens, områden och perioder, och tomma tabeller för enhetens mål, indikatorer, aktiviteter och budget.",
    nameLabel: "Enhetens namn",
    nameMissing: "Skriv enhetens namn.",
    templateButton: "Skapa enhetsmall",
    templateWorking: "Skapar enhetsmallen …",
    templateDone: (file: string): string => `Enhetsmallen ${file} skapades.`,
    openUnsupported: "Den här versionen av tillägget kan inte öppna nya arbetsböcker.",
  },

  settings: {
    heading: "Inställningar",
    intro: "Värdena i tabellen Inställningar i arbetsboken. Ändra och spara.",
    loadButton: "Läs in från arbetsboken",
    saveButton: "Spara inställningar",
    loading: "Läser inställningarna …",
    saving: "Sparar inställningarna …",
    saved: "Inställningarna sparades i arbetsboken.",
    columnsAdded: (tables: readonly { table: string; headers: readonly string[] }[]): string =>
      `Uppföljningskolumner lades till: ${tables.map((t) => `${t.table} (${joinSv(t.headers)})`).join("; ")}. Inga befintliga data ändrades.`,
    notLoaded: "Läs in inställningarna från arbetsboken för att ändra dem.",
    labels: {
      Organisation: "Organisation",
      Nivå: "Nivå",
      "Överordnad organisation": "Överordnad organisation",
      Planår: "Planår",
      Dokument: "Dokument",
      "Beloppsenhet i indata": "Beloppsenhet i indata",
      "Beloppsenhet i sammanställning": "Beloppsenhet i sammanställning",
      "Decimaler i sammanställning": "Decimaler i sammanställning",
      "Budgetram netto": "Budgetram netto",
      Investeringsram: "Investeringsram",
    } as Record<string, string>,
    hints: {
      "Överordnad organisation": "För en enhet: nämnden som enheten hör till.",
      "Budgetram netto":
        "Nettoramen för planperioden, i beloppsenheten för indata. Lämna tomt om ingen ram finns.",
      Investeringsram:
        "Investeringsramen för planperioden, i beloppsenheten för indata. Lämna tomt om ingen ram finns.",
    } as Record<string, string>,
    planYearInvalid: "Skriv planåret som ett årtal mellan 1900 och 2200, till exempel 2026.",
    fixErrors: "Rätta de markerade fälten och spara igen.",
  },

  results: {
    checkCounts: (c: FindingCounts): string => `Kontrollen hittade ${countsText(c)}.`,
  },

  busy: "Vänta, en åtgärd pågår …",

  errors: {
    title: "Det gick inte",
    unexpected: (detail: string): string =>
      `Något oväntat gick fel${detail ? `: ${detail}` : "."} Försök igen. Inget har ändrats om åtgärden inte blev klar.`,
    excel: (detail: string): string =>
      `Excel kunde inte utföra åtgärden${detail ? ` (${detail})` : ""}. Kontrollera att ingen cell redigeras just nu och försök igen.`,
    boundaryTitle: "Fönstret kunde inte visas",
    boundaryText: "Något gick fel i tillägget. Dina data i arbetsboken påverkas inte.",
    boundaryRetry: "Försök igen",
    noOffice:
      "Tillägget kunde inte ansluta till Excel. Öppna det från fliken Verksamhetsplan i Excel, eller ladda om fönstret.",
    adapterMissing: "Excel-kopplingen saknas i den här versionen av tillägget.",
  },

  commands: {
    checkResult: (c: FindingCounts): string =>
      `Kontrollen hittade ${countsText(c)}.${c.error + c.warning > 0 ? " Cellerna är markerade i arbetsboken. Öppna Verksamhetsplan för att gå till dem." : ""}`,
    summaryResult: (sheets: readonly string[]): string => `Sammanställningen skapades: ${joinSv(sheets)}.`,
  },

  dialog: {
    title: "Verksamhetsplan för Excel",
    close: "Stäng",
    autoClose: "Stängs automatiskt om några sekunder.",
    errorTitle: "Det gick inte",
  },
} as const;

export function countFindings(findings: readonly { readonly severity: Severity }[]): FindingCounts {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}
