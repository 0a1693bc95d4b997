/**
 * The notification dialog of the ribbon commands: shows the text passed in the URL hash
 * (`#kind=success&text=…`) and a Stäng button. The command closes the dialog after a few seconds.
 */
import { STRINGS } from "../taskpane/strings";

export interface DialogNotice {
  readonly kind: "success" | "warning" | "error";
  readonly text: string;
}

export function readNotice(hash: string): DialogNotice {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const kind = params.get("kind");
  return {
    kind: kind === "error" || kind === "warning" ? kind : "success",
    text: params.get("text") ?? "",
  };
}

/** Fills the page (text only, never HTML from the URL). */
export function renderNotice(doc: Document, notice: DialogNotice, close: () => void): void {
  doc.title = STRINGS.dialog.title;
  doc.documentElement.lang = "sv";
  const main = doc.getElementById("notice") ?? doc.body;
  main.className = `notice ${notice.kind}`;
  const heading = doc.createElement("h1");
  heading.textContent = notice.kind === "error" ? STRINGS.dialog.errorTitle : STRINGS.dialog.title;
  const text = doc.createElement("p");
  text.setAttribute("role", notice.kind === "error" ? "alert" : "status");
  text.textContent = notice.text;
  const button = doc.createElement("button");
  button.type = "button";
  button.textContent = STRINGS.dialog.close;
  button.addEventListener("click", close);
  main.replaceChildren(heading, text, button);
  if (notice.kind !== "error") {
    const hint = doc.createElement("p");
    hint.className = "hint";
    hint.textContent = STRINGS.dialog.autoClose;
    main.insertBefore(hint, button);
  }
  button.focus();
}

if (typeof Office !== "undefined") {
  Office.onReady(() => {
    renderNotice(document, readNotice(window.location.hash), () => Office.context.ui.messageParent("close"));
  });
}
