/**
 * The browser version's entry (preview.html): the task pane beside a sheet viewer, over the fake
 * Excel workbook opened on the bundled example (Hägersten-Älvsjö VP 2025).
 * `?arbetsbok=tom` starts from an empty workbook; `?exempel=uppfoljning` opens the follow-up
 * example instead (Resursenheten, Verksamhetsberättelse 2021).
 */
import { createRoot } from "react-dom/client";
import { Preview } from "./Preview";
import { PreviewStore, type Source } from "./store";

const container = document.getElementById("root");
if (!container) throw new Error("#root saknas i preview.html");

const params = new URLSearchParams(window.location.search);
const followup = ["uppfoljning", "uppföljning"].includes((params.get("exempel") ?? "").toLowerCase());
const source: Source = {
  kind: params.get("arbetsbok") === "tom" ? "empty" : followup ? "followup" : "example",
};
const store = new PreviewStore(source);
createRoot(container).render(<Preview store={store} />);
