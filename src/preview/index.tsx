/**
 * The browser version's entry (preview.html): the task pane beside a sheet viewer, over the fake
 * Excel workbook opened on the bundled example. `?arbetsbok=tom` starts from an empty workbook.
 */
import { createRoot } from "react-dom/client";
import { Preview } from "./Preview";
import { PreviewStore } from "./store";

const container = document.getElementById("root");
if (!container) throw new Error("#root saknas i preview.html");

const params = new URLSearchParams(window.location.search);
const store = new PreviewStore({ kind: params.get("arbetsbok") === "tom" ? "empty" : "example" });
createRoot(container).render(<Preview store={store} />);
