/**
 * An `.xlsx` package opened for direct edits of its XML parts (./zip-edit.ts), for changes that
 * must not go through ExcelJS: it reads and writes the whole workbook again, which turns some
 * formulas into values and drops parts it does not model (see generated.ts). Only the parts that
 * are written change; every other part keeps its bytes, compressed as they were.
 *
 * Handles packages as Excel, LibreOffice and ExcelJS write them: unprefixed SpreadsheetML.
 */
import { ZipEdit } from "./zip-edit";
import { parseArea, type Area } from "./area";
import { checkSignature, readError, XlsxReadError } from "./errors";
import { folderOf, relsPathOf, resolveTarget } from "./part-paths";
import { xmlAttributes } from "./xml";

const TABLE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table";
const TABLE_ROOT = /<table\b([^>]*)>/;

export interface SheetPart {
  readonly name: string;
  /** Path of the worksheet part, e.g. `xl/worksheets/sheet4.xml`. */
  readonly path: string;
}

export interface TablePart {
  /** The table's name (`displayName`, which Excel shows, else `name`). */
  readonly name: string;
  readonly path: string;
  readonly sheet: SheetPart;
  readonly area: Area;
  readonly headerRowCount: number;
  readonly totalsRowCount: number;
}

function relationships(xml: string | undefined): { id: string; type: string; target: string }[] {
  return [...(xml ?? "").matchAll(/<Relationship\b([^>]*)>/g)].flatMap((m) => {
    const attrs = xmlAttributes(m[1] ?? "");
    const id = attrs.get("Id");
    const type = attrs.get("Type");
    const target = attrs.get("Target");
    return id && type && target && attrs.get("TargetMode") !== "External" ? [{ id, type, target }] : [];
  });
}

export class XlsxPackage {
  /** Entry names as stored, by path without a leading `/`. */
  private readonly names = new Map<string, string>();
  private readonly texts = new Map<string, string>();

  private constructor(private readonly zip: ZipEdit) {
    for (const name of zip.names()) this.names.set(name.replace(/^\//, ""), name);
  }

  /** @throws XlsxReadError when the bytes are not a readable workbook. */
  static open(bytes: Uint8Array, fileName?: string): XlsxPackage {
    checkSignature(bytes, fileName);
    let pkg: XlsxPackage;
    try {
      const buffer = Buffer.isBuffer(bytes)
        ? bytes
        : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      pkg = new XlsxPackage(ZipEdit.open(buffer));
      if (pkg.read("xl/workbook.xml") === undefined) throw readError("corrupt", fileName);
    } catch (error) {
      throw error instanceof XlsxReadError ? error : readError("corrupt", fileName, "other", error);
    }
    return pkg;
  }

  read(path: string): string | undefined {
    const cached = this.texts.get(path);
    if (cached !== undefined) return cached;
    const name = this.names.get(path);
    const data = name === undefined ? undefined : this.zip.read(name);
    if (data === undefined) return undefined;
    const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8");
    this.texts.set(path, text);
    return text;
  }

  write(path: string, xml: string): void {
    const name = this.names.get(path) ?? path;
    this.names.set(path, name);
    this.texts.set(path, xml);
    this.zip.write(name, Buffer.from(xml, "utf8"));
  }

  /** The package with the written parts; the others as they were, in their original order. */
  toBuffer(): Buffer {
    return this.zip.toBuffer();
  }

  /** The worksheets in tab order with their parts. */
  sheets(): SheetPart[] {
    const workbook = this.read("xl/workbook.xml") ?? "";
    const targets = new Map(
      relationships(this.read("xl/_rels/workbook.xml.rels")).map((r) => [
        r.id,
        resolveTarget(r.target, "xl/"),
      ]),
    );
    const parts: SheetPart[] = [];
    for (const match of workbook.matchAll(/<sheet\b([^>]*)>/g)) {
      const attrs = xmlAttributes(match[1] ?? "");
      const name = attrs.get("name");
      const id = [...attrs].find(([key]) => /:id$/.test(key))?.[1];
      const path = id === undefined ? undefined : targets.get(id);
      if (name !== undefined && path && this.read(path) !== undefined) parts.push({ name, path });
    }
    return parts;
  }

  /** Every table of the workbook, with its sheet. */
  tables(): TablePart[] {
    const tables: TablePart[] = [];
    for (const sheet of this.sheets()) {
      for (const rel of relationships(this.read(relsPathOf(sheet.path)))) {
        if (rel.type !== TABLE_REL) continue;
        const path = resolveTarget(rel.target, folderOf(sheet.path));
        const xml = this.read(path);
        const root = xml === undefined ? undefined : TABLE_ROOT.exec(xml);
        if (!root) continue;
        const attrs = xmlAttributes(root[1] ?? "");
        const name = attrs.get("displayName") ?? attrs.get("name");
        const area = parseArea(attrs.get("ref") ?? "");
        if (!name || !area) continue;
        const count = (key: string, dflt: number) => {
          const n = Number(attrs.get(key) ?? dflt);
          return Number.isFinite(n) ? n : dflt;
        };
        tables.push({
          name,
          path,
          sheet,
          area,
          headerRowCount: count("headerRowCount", 1),
          totalsRowCount: count("totalsRowCount", 0),
        });
      }
    }
    return tables;
  }
}
