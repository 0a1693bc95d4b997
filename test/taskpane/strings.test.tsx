/** @jest-environment jsdom */
import "./dom-setup";
import { readFileSync, readdirSync } from "fs";
import path from "path";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { GeneratedSheetConflictError } from "../../src/core/port";
import { App, type ViewId } from "../../src/taskpane/App";
import { UserFacingError, errorText } from "../../src/taskpane/errors";
import { createOfficePort } from "../../src/taskpane/host";
import { STRINGS, joinSv } from "../../src/taskpane/strings";
import { isDarkColor, themeForOfficeBackground } from "../../src/taskpane/theme";
import { StubPort } from "./stub-port";

const PANE = path.join(__dirname, "..", "..", "src", "taskpane");

/** Every string leaf of STRINGS (functions are left out). */
function stringLeaves(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === "string") out.add(value);
  else if (value && typeof value === "object") for (const v of Object.values(value)) stringLeaves(v, out);
  return out;
}

describe("strings.ts holds the pane's texts", () => {
  it("no component writes visible text or labels of its own", () => {
    const files = [PANE, path.join(PANE, "views")].flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith(".tsx"))
        .map((f) => path.join(dir, f)),
    );
    expect(files.length).toBeGreaterThanOrEqual(7);
    const offenders: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "");
      // JSX text between tags, e.g. `<h2>Kontroll</h2>`.
      for (const m of source.matchAll(/(?<!=)>([^<>{}=();:,|&]*[A-Za-zÅÄÖåäö][^<>{}=();:,|&]*)</g))
        offenders.push(`${path.basename(file)}: ${m[1]!.trim()}`);
      // Literal text props, e.g. `label="Planår"`.
      for (const m of source.matchAll(
        /\b(label|title|aria-label|placeholder|hint|validationMessage)="([^"]*)"/g,
      ))
        offenders.push(`${path.basename(file)}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });

  it.each<ViewId>(["start", "check", "summary", "settings"])(
    "every button, tab, heading and label in the %s view comes from strings.ts",
    async (view) => {
      render(<App port={new StubPort()} initialView={view} />);
      if (view === "settings") await screen.findByRole("button", { name: STRINGS.settings.saveButton });
      const known = stringLeaves(STRINGS);
      const shown = [
        ...screen.getAllByRole("button"),
        ...screen.getAllByRole("tab"),
        ...screen.getAllByRole("heading"),
        ...Array.from(document.querySelectorAll("label")),
      ]
        .map((el) => (el.getAttribute("aria-label") ?? el.textContent ?? "").trim())
        .map((t) => t.replace(/^(.+)\1$/, "$1")); // a selected Tab repeats its text for layout
      expect(shown.length).toBeGreaterThan(4);
      expect(shown.filter((t) => !known.has(t))).toEqual([]);
    },
  );

  it("formats lists and counts in Swedish", () => {
    expect(joinSv(["a", "b", "c"])).toBe("a, b och c");
    expect(STRINGS.results.checkCounts({ error: 1, warning: 1, info: 2 })).toBe(
      "Kontrollen hittade 1 fel, 1 varning och 2 info.",
    );
  });
});

describe("errors", () => {
  it("shows the core's Swedish messages as they are and wraps others", () => {
    expect(errorText(new GeneratedSheetConflictError("Kontroll"))).toMatch(/^Bladet ”Kontroll” finns redan/);
    expect(errorText(new Error("Tabellen Budget saknas i arbetsboken."))).toBe(
      "Tabellen Budget saknas i arbetsboken.",
    );
    expect(errorText(new Error("x is undefined"))).toBe(STRINGS.errors.unexpected("x is undefined"));
    const officeError = Object.assign(new Error("The argument is invalid."), {
      code: "InvalidArgument",
      debugInfo: {},
    });
    expect(errorText(officeError)).toBe(STRINGS.errors.excel("InvalidArgument"));
    expect(errorText("oops")).toBe(STRINGS.errors.unexpected("oops"));
    expect(errorText(new UserFacingError("Excel är för gammalt."))).toBe("Excel är för gammalt.");
  });

  it("refuses an Excel older than ExcelApi 1.7 with a Swedish message", async () => {
    const g = globalThis as any;
    g.Office = { context: { requirements: { isSetSupported: () => false } } };
    try {
      const refused = createOfficePort();
      await expect(refused).rejects.toBeInstanceOf(UserFacingError);
      await expect(refused).rejects.toThrow(/kräver Excel med ExcelApi 1\.7/);
    } finally {
      delete g.Office;
    }
    const port = await createOfficePort();
    expect(typeof port.readWorkbook).toBe("function");
  });
});

describe("theme", () => {
  it("follows Office's body background, light when unknown", () => {
    expect(themeForOfficeBackground("#FFFFFF")).toBe("light");
    expect(themeForOfficeBackground("#e6e6e6")).toBe("light");
    expect(themeForOfficeBackground("#262626")).toBe("dark");
    expect(themeForOfficeBackground("#000")).toBe("dark");
    expect(themeForOfficeBackground(undefined)).toBe("light");
    expect(isDarkColor("not a colour")).toBe(false);
  });

  it("renders the dark theme", async () => {
    const user = userEvent.setup({ delay: null });
    render(<App port={new StubPort()} theme="dark" />);
    expect(screen.getByRole("button", { name: STRINGS.start.createButton })).toBeTruthy();
    await user.tab();
    expect(screen.getAllByRole("tab")).toContain(document.activeElement);
  });
});
