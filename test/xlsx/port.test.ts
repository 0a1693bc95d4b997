import { XlsxWorkbookPort } from "../../src/xlsx/port";
import { readXlsx } from "../../src/xlsx/read";
import { writeXlsx } from "../../src/xlsx/write";
import { portContract } from "../support/port-contract";
import { xlsxDropdowns } from "./dropdowns";

portContract(".xlsx-fil (ExcelJS)", async (content) => {
  const port = content ? new XlsxWorkbookPort(await writeXlsx(content)) : await XlsxWorkbookPort.empty();
  return { port, read: () => readXlsx(port.file), dropdowns: () => xlsxDropdowns(port.file) };
});
