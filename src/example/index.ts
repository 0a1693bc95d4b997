/**
 * The bundled example workbook: Hägersten-Älvsjö stadsdelsnämnd, Verksamhetsplan 2025, with the
 * plan's goal chain, indicators, activities, budget lines (tkr) and investments. The data file is
 * generated from the seed extractions by `node scripts/build-example.js`; do not edit it by hand.
 */
import type { WorkbookContent } from "../core/content";
import data from "./hagersten-alvsjo-2025.json";

const example: WorkbookContent = data as WorkbookContent;

/** The example workbook's input tables, in sheet order. */
export function exampleWorkbook(): WorkbookContent {
  return example;
}
