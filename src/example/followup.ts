/**
 * The second bundled example: Resursenheten (a unit of Hägersten-Älvsjö stadsdelsnämnd),
 * Verksamhetsberättelse 2021: the nämnd's goal chain as the unit's protected reference list, the
 * unit's five enhetsmål with Bedömning and Analys, and the seven activities it reports on with
 * status and comment. The seed reports no indicators and no economy figures, so those tables are
 * empty. The data file is generated from seed 002 by `node scripts/build-followup-example.js`;
 * do not edit it by hand.
 *
 * A module of its own (not re-exported by `./index`), so the browser version loads it only when
 * the follow-up example is opened.
 */
import type { WorkbookContent } from "../core/content";
import data from "./resursenheten-vb-2021.json";

const followupExample: WorkbookContent = data as WorkbookContent;

/** The follow-up example's input tables, in sheet order. */
export function followupExampleWorkbook(): WorkbookContent {
  return followupExample;
}
