/** @jest-environment jsdom */
import { GeneratedSheetConflictError } from "../../src/core/port";
import { kontrollera, runCommand, skapaSammanstallning } from "../../src/commands/actions";
import { COMMAND_FUNCTIONS } from "../../src/commands/names";
import { NOTICE_MS, noticeUrl, showNotice } from "../../src/commands/notify";
import { readNotice, renderNotice } from "../../src/dialog/notification";
import { STRINGS } from "../../src/taskpane/strings";
import { StubPort } from "./stub-port";

jest.mock("../../src/taskpane/host", () => ({ createOfficePort: jest.fn() }));

describe("ribbon commands", () => {
  it("Kontrollera checks, marks the cells and reports the counts", async () => {
    const port = new StubPort();
    const notice = await kontrollera(port);
    expect(notice.kind).toBe("warning");
    expect(notice.text).toMatch(/^Kontrollen hittade 0 fel, 10 varningar och 1 info\./);
    expect(port.called("markFindings")).toHaveLength(1);
  });

  it("Skapa sammanställning writes the sheets and names them", async () => {
    const port = new StubPort();
    const notice = await skapaSammanstallning(port);
    expect(notice).toEqual({
      kind: "success",
      text: "Sammanställningen skapades: Sammanställning ekonomi, Sammanställning mål och Kontroll.",
    });
    expect(port.called("writeGeneratedSheets")).toHaveLength(1);
  });

  it("turns errors into Swedish error notices and never throws", async () => {
    const port = new StubPort();
    port.writeError = new GeneratedSheetConflictError("Sammanställning mål");
    expect(await runCommand(COMMAND_FUNCTIONS.summary, async () => port)).toEqual({
      kind: "error",
      text: new GeneratedSheetConflictError("Sammanställning mål").message,
    });
    const missing = Object.assign(new Error("Excel-versionen saknar stöd för ExcelApi 1.7."), {
      name: "RequirementsError",
    });
    const failed = await runCommand(COMMAND_FUNCTIONS.check, () => Promise.reject(missing));
    expect(failed).toEqual({ kind: "error", text: missing.message });
  });
});

describe("notification dialog", () => {
  it("carries the notice in the URL hash beside the commands page", () => {
    const notice = { kind: "error" as const, text: "Bladet ”Kontroll” finns redan & #1?" };
    const url = noticeUrl("https://localhost:3000/commands.html?_host_Info=Excel", notice);
    expect(url.startsWith("https://localhost:3000/notification.html#")).toBe(true);
    expect(readNotice(new URL(url).hash)).toEqual(notice);
    expect(readNotice("#kind=<script>&text=x")).toEqual({ kind: "success", text: "x" });
  });

  it("shows the text (as text, never HTML) and a Stäng button", () => {
    document.body.innerHTML = '<main id="notice"></main>';
    const close = jest.fn();
    renderNotice(document, { kind: "success", text: "<b>Klart</b>" }, close);
    expect(document.querySelector("p[role=status]")?.textContent).toBe("<b>Klart</b>");
    expect(document.querySelector("b")).toBeNull();
    const button = document.querySelector("button")!;
    expect(button.textContent).toBe(STRINGS.dialog.close);
    expect(document.activeElement).toBe(button);
    button.click();
    expect(close).toHaveBeenCalledTimes(1);
  });

  describe("with Office", () => {
    const g = globalThis as any;
    let handlers: Map<string, () => void>;
    let dialog: { close: jest.Mock; addEventHandler: jest.Mock };
    let status: string;
    beforeEach(() => {
      jest.useFakeTimers();
      handlers = new Map();
      status = "succeeded";
      dialog = { close: jest.fn(), addEventHandler: jest.fn((type, fn) => handlers.set(type, fn)) };
      g.Office = {
        AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
        EventType: { DialogMessageReceived: "message", DialogEventReceived: "event" },
        context: {
          ui: {
            displayDialogAsync: jest.fn((_url: string, _opts: unknown, cb: (r: unknown) => void) =>
              cb({ status, value: dialog, error: { message: "nej" } }),
            ),
          },
        },
        onReady: jest.fn(),
        actions: { associate: jest.fn() },
      };
      jest.spyOn(console, "error").mockImplementation(() => undefined);
    });
    afterEach(() => {
      jest.useRealTimers();
      delete g.Office;
      jest.restoreAllMocks();
    });

    it("closes when the user presses Stäng", async () => {
      const shown = showNotice({ kind: "success", text: "Klart." });
      handlers.get("message")!();
      await shown;
      expect(dialog.close).toHaveBeenCalledTimes(1);
    });

    it("closes by itself after a few seconds", async () => {
      const shown = showNotice({ kind: "success", text: "Klart." });
      jest.advanceTimersByTime(NOTICE_MS.success);
      await shown;
      expect(dialog.close).toHaveBeenCalledTimes(1);
    });

    it("resolves when no dialog can be opened", async () => {
      status = "failed";
      await showNotice({ kind: "error", text: "Fel." });
      expect(dialog.close).not.toHaveBeenCalled();
    });

    it("the ribbon handler always calls event.completed()", async () => {
      const host = jest.requireMock("../../src/taskpane/host") as { createOfficePort: jest.Mock };
      host.createOfficePort.mockRejectedValue(new Error("boom"));
      await jest.isolateModulesAsync(async () => {
        await import("../../src/commands/commands");
      });
      const [name, handler] = g.Office.actions.associate.mock.calls[0];
      expect(name).toBe("kontrollera");
      const event = { completed: jest.fn() };
      const done = handler(event);
      await jest.advanceTimersByTimeAsync(0);
      expect(g.Office.context.ui.displayDialogAsync).toHaveBeenCalledTimes(1);
      const url: string = g.Office.context.ui.displayDialogAsync.mock.calls[0][0];
      expect(readNotice(new URL(url).hash)).toEqual({
        kind: "error",
        text: STRINGS.errors.unexpected("boom"),
      });
      expect(event.completed).not.toHaveBeenCalled();
      await jest.advanceTimersByTimeAsync(NOTICE_MS.error);
      await done;
      expect(event.completed).toHaveBeenCalledTimes(1);
      for (const n of Object.values(COMMAND_FUNCTIONS)) delete g[n];
    });
  });
});
