/** @jest-environment jsdom */
import "./dom-setup";
import { TextDecoder } from "node:util";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { contentToNeutral } from "../../src/core/layout";
import { readPlan } from "../../src/core/read";
import { unitTemplateContent } from "../../src/core/unit-template";
import { exampleWorkbook } from "../../src/example";
import { App } from "../../src/taskpane/App";
import { STRINGS } from "../../src/taskpane/strings";
import { writeXlsx } from "../../src/xlsx/write";
import { bu, filledUnitContent } from "../support/units";
import { StubPort } from "./stub-port";

// jsdom has no TextDecoder (the fast reader decodes the XML with it; browsers and workers have it).
globalThis.TextDecoder ??= TextDecoder as typeof globalThis.TextDecoder;

const S = STRINGS.units;
const board = () => readPlan(contentToNeutral(exampleWorkbook())).plan;

/** A unit's filled-in workbook as an .xlsx File (written with ExcelJS on the Node side). */
async function unitFile(unit: string, k = 1000, i = 200): Promise<File> {
  const plan = board();
  const parent = plan.goals.find((g) => g.level !== "Enhetsmål")?.id ?? "";
  const bytes = await writeXlsx(filledUnitContent(plan, unit, parent, bu(k, i)));
  return new File([new Uint8Array(bytes)], `${unit}.xlsx`, {
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  });
}

function setup(port = new StubPort()) {
  const user = userEvent.setup({ delay: null });
  render(<App port={port} initialView="start" />);
  return { user, port };
}

const filesInput = () => screen.getByLabelText(S.filesLabel) as HTMLInputElement;

describe("Konsolidera enheter", () => {
  it("has a button and a multiple .xlsx file input with Swedish names", () => {
    setup();
    expect(screen.getByRole("button", { name: "Konsolidera enheter" })).toBeTruthy();
    const input = filesInput();
    expect(input.type).toBe("file");
    expect(input.multiple).toBe(true);
    expect(input.accept).toMatch(/\.xlsx/);
  });

  it("consolidates two unit files and writes the consolidated sheets", async () => {
    const { user, port } = setup();
    const files = [await unitFile("Enhet Norr"), await unitFile("Enhet Söder", 500, 100)];
    await user.upload(filesInput(), files);
    expect(await screen.findByText(/2 enheter konsoliderades/, undefined, { timeout: 20_000 })).toBeTruthy();
    const writes = port.called("writeGeneratedSheets");
    expect(writes).toHaveLength(1);
    const names = writes[0]?.method === "writeGeneratedSheets" ? writes[0].sheets.map((s) => s.name) : [];
    expect(names).toEqual([
      "Enheter",
      "Konsoliderad budget",
      "Sammanställning ekonomi",
      "Sammanställning mål",
      "Kontroll",
    ]);
    const status = screen.getByText(/2 enheter konsoliderades/).closest("[role=status]") as HTMLElement;
    expect(within(status).getByText("Enhet Norr")).toBeTruthy();
    expect(within(status).getByText("Enhet Söder")).toBeTruthy();
    expect(within(status).getByText(/^Kontrollen hittade/)).toBeTruthy();
    expect(within(status).getByText(/^Totalt /)).toBeTruthy();
  }, 60_000);

  it("lists a broken file as skipped with its reason and consolidates the rest", async () => {
    const { user, port } = setup();
    const broken = new File(["det här är ingen arbetsbok"], "Trasig.xlsx");
    await user.upload(filesInput(), [await unitFile("Enhet Norr"), broken]);
    expect(await screen.findByText(/1 enhet konsoliderades/, undefined, { timeout: 20_000 })).toBeTruthy();
    expect(port.called("writeGeneratedSheets")).toHaveLength(1);
    expect(screen.getByRole("heading", { name: S.skippedHeading })).toBeTruthy();
    const item = screen.getByText(/^Trasig\.xlsx: /);
    expect(item.textContent).toMatch(/Trasig\.xlsx: .*\S/);
    expect(item.textContent?.length).toBeGreaterThan("Trasig.xlsx: ".length + 10);
  }, 60_000);

  it("shows progress and Avbryt stops the reading: nothing is written", async () => {
    const { user, port } = setup();
    const one = await unitFile("Enhet Norr");
    const files = Array.from({ length: 8 }, (_, i) => new File([one], `Enhet ${i + 1}.xlsx`));
    await user.upload(filesInput(), files);
    expect(await screen.findByText(/^Läser \d av 8 filer$/)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: S.cancelButton }));
    expect(await screen.findByText(S.cancelled)).toBeTruthy();
    expect(port.called("writeGeneratedSheets")).toHaveLength(0);
    expect(screen.queryByRole("button", { name: S.cancelButton })).toBeNull();
    expect((screen.getByRole("button", { name: "Konsolidera enheter" }) as HTMLButtonElement).disabled).toBe(
      false,
    );
  }, 60_000);
});

describe("Skapa enhetsmall", () => {
  it("opens the unit's workbook made from the open workbook", async () => {
    const { user, port } = setup();
    await user.type(screen.getByRole("textbox", { name: S.nameLabel }), "Enhet Norr");
    await user.click(screen.getByRole("button", { name: S.templateButton }));
    expect(await screen.findByText(S.templateDone("Enhet Norr.xlsx"))).toBeTruthy();
    const calls = port.called("openWorkbook");
    expect(calls).toHaveLength(1);
    const call = calls[0];
    if (call?.method !== "openWorkbook") throw new Error("openWorkbook anropades inte");
    expect(call.fileName).toBe("Enhet Norr.xlsx");
    expect(call.content).toEqual(unitTemplateContent(board(), "Enhet Norr"));
  });

  it("asks for the name first", async () => {
    const { user, port } = setup();
    await user.click(screen.getByRole("button", { name: S.templateButton }));
    expect(await screen.findByText(S.nameMissing)).toBeTruthy();
    expect(port.called("openWorkbook")).toHaveLength(0);
  });

  it("says so in Swedish when the port cannot open workbooks", async () => {
    const port = new StubPort();
    Object.defineProperty(port, "openWorkbook", { value: undefined });
    const { user } = setup(port);
    await user.type(screen.getByRole("textbox", { name: S.nameLabel }), "Enhet Norr");
    await user.click(screen.getByRole("button", { name: S.templateButton }));
    expect(await screen.findByText(S.openUnsupported)).toBeTruthy();
  });
});
