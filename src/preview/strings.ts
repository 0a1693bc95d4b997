/** The browser version's own texts (the task pane's are in src/taskpane/strings.ts), in Swedish. */
import { STRINGS } from "../taskpane/strings";

export const PREVIEW_STRINGS = {
  appName: STRINGS.appName,
  pageTitle: "Verksamhetsplan för Excel – webbläsarversion",
  paneLabel: "Aktivitetsfönstret",
  workbookLabel: "Arbetsbok",
  toolbarLabel: "Arbetsboken",
  intro:
    "Webbläsarversionen: aktivitetsfönstret arbetar mot en arbetsbok i webbläsaren. Inget skickas någonstans.",
  example: "Exempelarbetsbok",
  examplePlan: "Exempel: Hägersten-Älvsjö VP 2025",
  exampleFollowup: "Exempel: Resursenheten VB 2021",
  empty: "Tom arbetsbok",
  openButton: STRINGS.start.openButton,
  downloadButton: STRINGS.start.downloadButton,
  exampleName: "exempel-hagersten-alvsjo-2025.xlsx",
  followupName: "exempel-resursenheten-vb-2021.xlsx",
  emptyName: "Ny arbetsbok.xlsx",
  loading: "Läser in arbetsboken …",
  opening: (file: string) => `Öppnar ${file} …`,
  downloading: "Skapar filen …",
  sheetsLabel: "Blad",
  gridLabel: (sheet: string) => `Bladet ${sheet}`,
  nameBoxLabel: "Markerad cell",
  formulaBarLabel: "Cellens innehåll",
  noSelection: "Ingen cell är markerad.",
  noSheets: "Arbetsboken har inga synliga blad.",
  rowsLeftOut: (n: number) => `${n} rader till visas inte här. Ladda ned arbetsboken för att se alla.`,
  marked: "markerad av kontrollen",
  linkTo: (sheet: string, cell: string) => `Gå till ${sheet}!${cell}`,
  error: "Det gick inte",
  open: {
    notXlsx: (file: string) => `${file} är ingen Excel-arbetsbok (.xlsx). Välj en .xlsx-fil.`,
    protectedOrOld: (file: string) =>
      `${file} är lösenordsskyddad eller i det gamla .xls-formatet. Spara den som .xlsx utan lösenord och försök igen.`,
    unreadable: (file: string, detail: string) =>
      `${file} kunde inte läsas${detail ? ` (${detail})` : ""}. Kontrollera att filen är en hel .xlsx-arbetsbok.`,
    noSheets: (file: string) => `${file} har inga blad.`,
  },
} as const;
