/**
 * A workbook written by hand the way Excel writes it (shared strings, built-in number formats,
 * `headerRowCount` left out, a totals row, cached formula results, error cells, a whole-column
 * dropdown, a table part referenced by an absolute path), to test reading files Excel made.
 */
import { zip } from "./zip";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const contentTypes = `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/worksheets/sheet3.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/tables/table1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/>
<Override PartName="/xl/tables/table2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>`;

const rootRels = `${XML}<Relationships xmlns="${PKG_REL}">
<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>`;

const workbook = `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><bookViews><workbookView activeTab="0"/></bookViews>
<sheets><sheet name="Budget" sheetId="1" r:id="rId1"/><sheet name="Anteckningar" sheetId="2" r:id="rId2"/><sheet name="Mål" sheetId="3" r:id="rId3"/></sheets></workbook>`;

const workbookRels = `${XML}<Relationships xmlns="${PKG_REL}">
<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="${REL}/worksheet" Target="worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="${REL}/worksheet" Target="worksheets/sheet3.xml"/>
<Relationship Id="rId4" Type="${REL}/styles" Target="styles.xml"/>
<Relationship Id="rId5" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>`;

// cellXfs: 0 General, 1 #,##0 (built-in 3), 2 0% (built-in 9), 3 built-in date 14, 4 custom yyyy-mm-dd
const styles = `${XML}<styleSheet xmlns="${MAIN}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

const strings = [
  "Verksamhetsområde",
  "Post",
  "VP 2025",
  "Datum",
  "<r><t>I</t></r><r><rPr><b/></rPr><t>FO</t></r>",
  "Adm",
  "Summa",
  "Rubrik",
  "Värde",
  "x",
  "sammanslagen",
  "=inte en formel",
];
const sharedStrings = `${XML}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings
  .map((s) => (s.startsWith("<r>") ? `<si>${s}</si>` : `<si><t>${s}</t></si>`))
  .join("")}</sst>`;

// Table Budget A1:D5 with a totals row; data rows 2-4.
const sheet1 = (
  validations: string,
): string => `${XML}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><dimension ref="A1:D5"/>
<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>
<sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>
<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="inlineStr"><is><t>Kostnader</t></is></c><c r="C2" s="1"><v>3224700</v></c><c r="D2" s="3"><v>45688</v></c></row>
<row r="3"><c r="A3" t="s"><v>5</v></c><c r="B3" t="b"><v>1</v></c><c r="C3" s="1"><f>C2*2</f><v>6449400</v></c><c r="D3" s="2"><v>0.69</v></c></row>
<row r="4"><c r="A4" t="e"><v>#N/A</v></c><c r="B4" t="str"><f>"a"&amp;"bc"</f><v>abc</v></c><c r="C4" t="e"><f>NA()</f><v>#N/A</v></c><c r="D4" s="4"><f>1+1</f></c></row>
<row r="5"><c r="A5" t="s"><v>6</v></c><c r="C5" s="1"><f>SUBTOTAL(109,Budget[VP 2025])</f><v>9674100</v></c></row>
</sheetData>${validations}
<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>
<tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>`;

const sheet1Rels = `${XML}<Relationships xmlns="${PKG_REL}">
<Relationship Id="rId1" Type="${REL}/table" Target="/xl/tables/table1.xml"/>
</Relationships>`;

const table1 = `${XML}<table xmlns="${MAIN}" id="1" name="Budget" displayName="Budget" ref="A1:D5" totalsRowCount="1">
<autoFilter ref="A1:D4"/><tableColumns count="4"><tableColumn id="1" name="Verksamhetsområde" totalsRowLabel="Summa"/>
<tableColumn id="2" name="Post"/><tableColumn id="3" name="VP 2025" totalsRowFunction="sum"/><tableColumn id="4" name="Datum"/></tableColumns>
<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`;

// A plain sheet: no table, a merged range, a formatted empty cell far out.
const sheet2 = `${XML}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>
<row r="1"><c r="A1" t="s"><v>7</v></c><c r="B1" t="s"><v>8</v></c></row>
<row r="2"><c r="A2" t="s"><v>9</v></c><c r="B2" s="1"><v>5</v></c></row>
<row r="4"><c r="A4" t="s"><v>10</v></c><c r="B4"/></row>
<row r="5"><c r="A5" t="s"><v>11</v></c></row>
<row r="9"><c r="F9" s="1"/></row>
</sheetData><mergeCells count="1"><mergeCell ref="A4:B4"/></mergeCells></worksheet>`;

// Table Mal without a header row (headerRowCount="0"): data in B2:C3.
const sheet3 = `${XML}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>
<row r="2"><c r="B2" t="inlineStr"><is><t>1</t></is></c><c r="C2" t="inlineStr"><is><t>Ett mål</t></is></c></row>
<row r="3"><c r="B3" t="inlineStr"><is><t>1.1</t></is></c><c r="C3" t="inlineStr"><is><t>Ett annat mål</t></is></c></row>
</sheetData><tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>`;

const sheet3Rels = `${XML}<Relationships xmlns="${PKG_REL}">
<Relationship Id="rId1" Type="${REL}/table" Target="../tables/table2.xml"/>
</Relationships>`;

const table2 = `${XML}<table xmlns="${MAIN}" id="2" name="Mal" displayName="Mal" ref="B2:C3" headerRowCount="0">
<tableColumns count="2"><tableColumn id="1" name="Mål-ID"/><tableColumn id="2" name="Mål"/></tableColumns>
<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`;

/** Dropdowns on whole columns, as people make them by selecting column headers in Excel. */
const WHOLE_COLUMN_DROPDOWNS = `<dataValidations count="1"><dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="B2:B1048576 E1:G1048576"><formula1>"Kostnader,Intäkter,Netto"</formula1></dataValidation></dataValidations>`;

export function excelLikeWorkbook(options: { wholeColumnDropdowns?: boolean } = {}): Buffer {
  return zip({
    "[Content_Types].xml": contentTypes,
    "_rels/.rels": rootRels,
    "xl/workbook.xml": workbook,
    "xl/_rels/workbook.xml.rels": workbookRels,
    "xl/styles.xml": styles,
    "xl/sharedStrings.xml": sharedStrings,
    "xl/worksheets/sheet1.xml": sheet1(options.wholeColumnDropdowns === false ? "" : WHOLE_COLUMN_DROPDOWNS),
    "xl/worksheets/_rels/sheet1.xml.rels": sheet1Rels,
    "xl/worksheets/sheet2.xml": sheet2,
    "xl/worksheets/sheet3.xml": sheet3,
    "xl/worksheets/_rels/sheet3.xml.rels": sheet3Rels,
    "xl/tables/table1.xml": table1,
    "xl/tables/table2.xml": table2,
  });
}
