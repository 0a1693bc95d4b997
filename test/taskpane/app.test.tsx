/** @jest-environment jsdom */
import "./dom-setup";
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { analyzeWorkbook } from "../../src/core/analyze";
import { GeneratedSheetConflictError } from "../../src/core/port";
import { App, type ViewId } from "../../src/taskpane/App";
import { STRINGS } from "../../src/taskpane/strings";
import { followUpContent, goodContent, neutral } from "../support/workbooks";
import { StubPort, gate } from "./stub-port";

const S = STRINGS;

function setup(view: ViewId = "start", port = new StubPort()) {
  const user = userEvent.setup({ delay: null });
  const utils = render(<App port={port} initialView={view} />);
  return { user, port, ...utils };
}

const findingsOfExample = () => analyzeWorkbook(new StubPort().workbook).findings;

/** A finding button's accessible name: the hidden ”Gå till Blad!” and the visible text. */
function findingName(sheet: string, cell: string, message: string, code: string): (name: string) => boolean {
  const squash = (t: string) => t.replace(/\s+/g, "");
  return (name) => squash(name) === squash(`${S.check.goToSheet(sheet)}${cell} ${message} ${code}`);
}

describe("task pane", () => {
  it("shows the four views as tabs with Swedish names", () => {
    setup();
    const tabs = screen.getAllByRole("tab");
    const names = [S.tabs.start, S.tabs.check, S.tabs.summary, S.tabs.settings];
    expect(tabs).toEqual(names.map((name) => screen.getByRole("tab", { name })));
    expect(screen.getByRole("tablist", { name: S.tabs.label })).toBeTruthy();
    expect(screen.getByRole("heading", { level: 1, name: S.appName })).toBeTruthy();
  });

  it("Kontrollera shows the counts and the findings grouped by severity, then by sheet", async () => {
    const { user, port } = setup();
    await user.click(screen.getByRole("tab", { name: S.tabs.check }));
    await user.click(screen.getByRole("button", { name: S.check.button }));
    expect(await screen.findByText("Kontrollen hittade 0 fel, 10 varningar och 1 info.")).toBeTruthy();
    expect(port.called("markFindings")).toHaveLength(1);

    const warnings = screen.getByRole("region", { name: /Varningar/ });
    const info = screen.getByRole("region", { name: /Info/ });
    expect(screen.queryByRole("region", { name: /^\d+ Fel$/ })).toBeNull();
    const expected = findingsOfExample();
    expect(within(warnings).getAllByRole("button")).toHaveLength(
      expected.filter((f) => f.severity === "warning").length,
    );
    expect(within(info).getAllByRole("button")).toHaveLength(1);
    // Sheets as sub-headings, in the core's order.
    expect(
      within(warnings)
        .getAllByRole("heading", { level: 4 })
        .map((h) => h.textContent),
    ).toEqual(["Aktiviteter", "Indikatorer", "Mål"]);
  });

  it("clicking a finding selects its cell", async () => {
    const { user, port } = setup("check");
    await user.click(screen.getByRole("button", { name: S.check.button }));
    const finding = findingsOfExample().find((f) => f.sheet === "Indikatorer" && f.cell === "E58")!;
    await user.click(
      await screen.findByRole("button", {
        name: findingName("Indikatorer", "E58", finding.message, finding.code),
      }),
    );
    expect(port.called("selectCell")).toEqual([{ method: "selectCell", sheet: "Indikatorer", cell: "E58" }]);
  });

  it("works by keyboard: Tab reaches the buttons, Enter and Space activate them", async () => {
    const { user, port } = setup("check");
    // The tab list is one tab stop (arrow keys move within it), then the view's button.
    await user.tab();
    expect(screen.getAllByRole("tab")).toContain(document.activeElement);
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: S.check.button }));
    await user.keyboard("{Enter}");
    await screen.findByText("Kontrollen hittade 0 fel, 10 varningar och 1 info.");
    // The findings follow the button in tab order.
    const [first, second] = findingsOfExample();
    await user.tab();
    expect(document.activeElement).toBe(
      screen.getByRole("button", {
        name: findingName(first!.sheet!, first!.cell!, first!.message, first!.code),
      }),
    );
    await user.keyboard("{Enter}");
    await user.tab();
    await user.keyboard(" ");
    expect(port.called("selectCell")).toEqual([
      { method: "selectCell", sheet: first!.sheet, cell: first!.cell },
      { method: "selectCell", sheet: second!.sheet, cell: second!.cell },
    ]);
    // Shift+Tab goes back through the findings to the button and the tab list.
    await user.tab({ shift: true });
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(screen.getByRole("button", { name: S.check.button }));
  });

  it("switches views with the arrow keys in the tab list", async () => {
    const { user } = setup("start");
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole("tab", { name: S.tabs.start }));
    await user.keyboard("{ArrowRight}{ArrowRight}{ArrowRight}");
    const settingsTab = screen.getByRole("tab", { name: S.tabs.settings });
    expect(document.activeElement).toBe(settingsTab);
    await user.keyboard("{Enter}");
    expect(settingsTab.getAttribute("aria-selected")).toBe("true");
    expect(await screen.findByRole("button", { name: S.settings.saveButton })).toBeTruthy();
    expect(screen.queryByRole("button", { name: S.start.createButton })).toBeNull();
  });

  it("Skapa sammanställning shows progress, then the sheets, Totalt 3 224,7 and the counts", async () => {
    const port = new StubPort();
    const write = gate();
    port.writeGate = write.promise;
    const { user } = setup("summary", port);
    await user.click(screen.getByRole("button", { name: S.summary.button }));
    const bar = await screen.findByRole("progressbar");
    expect(screen.getByText("Skriver Sammanställning ekonomi")).toBeTruthy();
    expect(Number(bar.getAttribute("aria-valuenow"))).toBeCloseTo(0.7, 5);
    expect(screen.getByRole("button", { name: S.summary.button }).hasAttribute("disabled")).toBe(true);
    await act(async () => write.open());
    expect(
      await screen.findByText(
        S.summary.sheetsWritten(["Sammanställning ekonomi", "Sammanställning mål", "Kontroll"]),
      ),
    ).toBeTruthy();
    expect(screen.getByText(S.summary.total("VP 2025", "3 224,7", "mnkr"))).toBeTruthy();
    expect(screen.getByText("Kontrollen hittade 0 fel, 10 varningar och 1 info.")).toBeTruthy();
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(port.called("writeGeneratedSheets")).toHaveLength(1);
  });

  it("Skapa sammanställning in a tertialrapport also shows the deviation and the goals' assessments", async () => {
    const port = new StubPort();
    port.workbook = neutral(followUpContent("Tertialrapport 2"));
    const { user } = setup("summary", port);
    await user.click(screen.getByRole("button", { name: S.summary.button }));
    // Budget 150 000 tkr, Prognos 152 800 tkr: 2,8 mnkr over budget.
    expect(await screen.findByText(S.summary.deviation("-2,8", "mnkr", false))).toBeTruthy();
    expect(screen.getByText("Egna mål: 0 uppfylls helt, 0 delvis, 0 inte, 3 utan bedömning.")).toBeTruthy();
  });

  it("Start opens either bundled example as a new workbook", async () => {
    const { user, port } = setup("start");
    await user.click(screen.getByRole("button", { name: S.start.exampleFollowUp }));
    expect(await screen.findByText(S.start.exampleOpened("exempel-resursenheten-vb-2021.xlsx"))).toBeTruthy();
    await user.click(screen.getByRole("button", { name: S.start.examplePlan }));
    await screen.findByText(S.start.exampleOpened("exempel-hagersten-alvsjo-vp-2025.xlsx"));
    const opened = port.called("openWorkbook").map((c) => {
      if (c.method !== "openWorkbook") throw new Error(c.method);
      const settings = c.content.tables.find((t) => t.table === "Installningar");
      return [c.fileName, settings?.rows.find((r) => r[0] === "Dokument")?.[1]];
    });
    expect(opened).toEqual([
      ["exempel-resursenheten-vb-2021.xlsx", "Verksamhetsberättelse"],
      ["exempel-hagersten-alvsjo-vp-2025.xlsx", "Verksamhetsplan"],
    ]);
  });

  it("shows a refused summary (a user's sheet has a generated sheet's name) in Swedish", async () => {
    const port = new StubPort();
    port.writeError = new GeneratedSheetConflictError("Kontroll");
    const { user } = setup("summary", port);
    await user.click(screen.getByRole("button", { name: S.summary.button }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Bladet ”Kontroll” finns redan");
    expect(alert.textContent).toContain(S.errors.title);
    // The pane still works.
    expect(screen.getByRole("button", { name: S.summary.button }).hasAttribute("disabled")).toBe(false);
  });

  it("shows an unexpected error plainly instead of crashing", async () => {
    const port = new StubPort();
    port.readError = new TypeError("boom");
    const { user } = setup("check", port);
    await user.click(screen.getByRole("button", { name: S.check.button }));
    expect((await screen.findByRole("alert")).textContent).toContain(S.errors.unexpected("boom"));
  });

  it("Skapa mall calls createTables with the chosen level and plan year and shows the result", async () => {
    const port = new StubPort();
    port.workbook = { sheetNames: ["Blad1"], tables: [] };
    const { user } = setup("start", port);
    await user.click(screen.getByRole("radio", { name: "Enhet" }));
    const year = screen.getByRole("textbox", { name: S.start.planYearLabel });
    await user.clear(year);
    await user.type(year, "2027");
    await user.click(screen.getByRole("button", { name: S.start.createButton }));
    await screen.findByText(S.start.createdHeading);
    const calls = port.called("createTables");
    expect(calls).toHaveLength(1);
    const content = (calls[0] as { content: import("../../src/core/content").WorkbookContent }).content;
    const settings = content.tables.find((t) => t.table === "Installningar")!;
    expect(settings.rows).toContainEqual(["Nivå", "Enhet"]);
    expect(settings.rows).toContainEqual(["Planår", 2027]);
    expect(screen.getByText("Budget")).toBeTruthy();
    expect(screen.getByText(S.start.createdSummary(content.tables.length, 0))).toBeTruthy();
  });

  it("Lägg till saknade tabeller keeps the workbook's level and plan year", async () => {
    const { user, port } = setup("start");
    await user.click(screen.getByRole("button", { name: S.start.addMissingButton }));
    await screen.findByText(S.start.keptHeading);
    const content = (
      port.called("createTables")[0] as { content: import("../../src/core/content").WorkbookContent }
    ).content;
    const budget = content.tables.find((t) => t.table === "Budget")!;
    expect(budget.headers).toContain("VP 2025");
    // The example has every input table but the optional ones on Inställningar.
    const existing = new Set(port.workbook.tables.map((t) => t.name));
    const missing = content.tables.filter((t) => !existing.has(t.table)).length;
    expect(missing).toBeGreaterThanOrEqual(2);
    expect(screen.getByText(S.start.createdSummary(missing, 8))).toBeTruthy();
    expect(screen.getByText("Jamforelser")).toBeTruthy();
  });

  it("rejects a plan year that is not a year", async () => {
    const { user, port } = setup("start");
    const year = screen.getByRole("textbox", { name: S.start.planYearLabel });
    await user.clear(year);
    await user.type(year, "20x6");
    expect(screen.getByText(S.settings.planYearInvalid)).toBeTruthy();
    expect(screen.getByRole("button", { name: S.start.createButton }).hasAttribute("disabled")).toBe(true);
    expect(port.calls).toEqual([]);
  });

  it("Inställningar loads the workbook's settings and saves the edited values", async () => {
    const { user, port } = setup("start");
    await user.click(screen.getByRole("tab", { name: S.tabs.settings }));
    const organisation = await screen.findByRole("textbox", { name: S.settings.labels["Organisation"] });
    expect((organisation as HTMLInputElement).value).toBe("Hägersten-Älvsjö stadsdelsnämnd");
    const frame = screen.getByRole("textbox", {
      name: new RegExp(`^${S.settings.labels["Budgetram netto"]}`),
    });
    expect((frame as HTMLInputElement).value).toBe("3 224 727");

    await user.clear(organisation);
    await user.paste("Resursenheten");
    await user.selectOptions(screen.getByRole("combobox", { name: S.settings.labels["Nivå"] }), "Enhet");
    await user.click(
      screen.getByRole("textbox", { name: new RegExp(`^${S.settings.labels["Överordnad organisation"]}`) }),
    );
    await user.paste("Hägersten-Älvsjö stadsdelsnämnd");
    await user.selectOptions(
      screen.getByRole("combobox", { name: S.settings.labels["Decimaler i sammanställning"] }),
      "0",
    );
    await user.clear(frame);
    await user.type(frame, "12 345,5");
    await user.click(screen.getByRole("button", { name: S.settings.saveButton }));
    await screen.findByText(S.settings.saved);

    const calls = port.called("writeSettings");
    expect(calls).toHaveLength(1);
    const values = (calls[0] as { values: ReadonlyMap<string, unknown> }).values;
    expect(Object.fromEntries(values)).toEqual({
      Organisation: "Resursenheten",
      Nivå: "Enhet",
      "Överordnad organisation": "Hägersten-Älvsjö stadsdelsnämnd",
      Planår: 2025,
      Dokument: "Verksamhetsplan",
      "Beloppsenhet i indata": "tkr",
      "Beloppsenhet i sammanställning": "mnkr",
      "Decimaler i sammanställning": 0,
      "Budgetram netto": 12345.5,
      Investeringsram: null,
    });
  });

  it("Inställningar: saving a follow-up Dokument adds the follow-up columns and says which", async () => {
    // A plan's workbook made for the Verksamhetsplan: no follow-up columns yet.
    const plain = new StubPort();
    plain.workbook = neutral(goodContent());
    const { user, port } = setup("settings", plain);
    const dokument = await screen.findByRole("combobox", { name: S.settings.labels["Dokument"] });
    await user.selectOptions(dokument, "Tertialrapport 1");
    await user.click(screen.getByRole("button", { name: S.settings.saveButton }));
    const notice = await screen.findByText(/Uppföljningskolumner lades till/);
    expect(notice.textContent).toContain(
      "Indikatorer (Utfall T1, Utfall T2, Utfall helår, Bedömning och Kommentar)",
    );
    const [call] = port.called("addTableColumns");
    expect(call?.method === "addTableColumns" && call.additions.map((a) => [a.table, a.headers])).toEqual([
      ["Mal", ["Bedömning", "Analys"]],
      ["Indikatorer", ["Utfall T1", "Utfall T2", "Utfall helår", "Bedömning", "Kommentar"]],
      ["Aktiviteter", ["Status", "Kommentar"]],
    ]);
    // The setting is written first, then the columns.
    expect(port.calls.map((c) => c.method).filter((m) => m !== "readWorkbook")).toEqual([
      "writeSettings",
      "addTableColumns",
    ]);
  });

  it("Inställningar: saving a Verksamhetsplan adds no columns", async () => {
    const { user, port } = setup("settings");
    await screen.findByRole("combobox", { name: S.settings.labels["Dokument"] });
    await user.click(screen.getByRole("button", { name: S.settings.saveButton }));
    await screen.findByText(S.settings.saved);
    expect(port.called("addTableColumns")).toEqual([]);
  });

  it("Inställningar does not save an invalid amount and says why", async () => {
    const { user, port } = setup("settings");
    const frame = await screen.findByRole("textbox", {
      name: new RegExp(`^${S.settings.labels["Investeringsram"]}`),
    });
    await user.type(frame, "mycket");
    await user.click(screen.getByRole("button", { name: S.settings.saveButton }));
    expect(await screen.findByText(S.settings.fixErrors)).toBeTruthy();
    expect(port.called("writeSettings")).toEqual([]);
  });
});
