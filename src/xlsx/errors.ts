/**
 * Why a file cannot be read as a workbook, with a Swedish message for the user. Shared by the
 * ExcelJS reader (`read.ts`) and the fast reader (`fast-read.ts`); no Node APIs, so it also runs
 * in a browser or a Web Worker.
 */

export type XlsxReadErrorReason = "missing" | "not_xlsx" | "encrypted" | "corrupt";

/** A file that cannot be read as a workbook, with a Swedish message for the user. */
export class XlsxReadError extends Error {
  override readonly name = "XlsxReadError";

  constructor(
    readonly reason: XlsxReadErrorReason,
    message: string,
    readonly fileName?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type FileKind = "xls" | "xlsb" | "other";

function fileLabel(fileName: string | undefined): string {
  return fileName ? `Filen ”${fileName}”` : "Filen";
}

export function readError(
  reason: XlsxReadErrorReason,
  fileName: string | undefined,
  kind: FileKind = "other",
  cause?: unknown,
): XlsxReadError {
  const file = fileLabel(fileName);
  const saveAs = "Öppna den i Excel och spara den som Excel-arbetsbok (.xlsx).";
  const messages: Record<XlsxReadErrorReason, string> = {
    missing: `${file} finns inte.`,
    not_xlsx:
      kind === "xls"
        ? `${file} är i det äldre Excel-formatet (.xls), inte en Excel-arbetsbok (.xlsx). ${saveAs}`
        : kind === "xlsb"
          ? `${file} är en binär Excel-arbetsbok (.xlsb), inte en Excel-arbetsbok (.xlsx). ${saveAs}`
          : `${file} är inte en Excel-arbetsbok (.xlsx).`,
    encrypted: `${file} är lösenordsskyddad. Ta bort lösenordet i Excel och försök igen.`,
    corrupt: `${file} kunde inte läsas: den verkar vara skadad.`,
  };
  return new XlsxReadError(reason, messages[reason], fileName, cause === undefined ? undefined : { cause });
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_SIGNATURE = [0x50, 0x4b, 0x05, 0x06];
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  if (bytes.length < signature.length) return false;
  return signature.every((b, i) => bytes[i] === b);
}

/** Whether the bytes hold `text` in UTF-16LE (an OLE stream name). */
function includesUtf16(bytes: Uint8Array, text: string): boolean {
  const needle = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    needle[2 * i] = code & 0xff;
    needle[2 * i + 1] = code >> 8;
  }
  const first = needle[0];
  const last = bytes.length - needle.length;
  outer: for (let i = bytes.indexOf(first ?? 0); i >= 0 && i <= last; i = bytes.indexOf(first ?? 0, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Throws for anything that is not a ZIP file; tells encrypted workbooks and old .xls files apart. */
export function checkSignature(bytes: Uint8Array, fileName: string | undefined): void {
  if (startsWith(bytes, ZIP_SIGNATURE)) return;
  if (startsWith(bytes, EMPTY_ZIP_SIGNATURE)) throw readError("corrupt", fileName);
  if (startsWith(bytes, OLE_SIGNATURE)) {
    // A password-protected .xlsx is an OLE compound file holding the stream "EncryptedPackage".
    if (includesUtf16(bytes, "EncryptedPackage")) throw readError("encrypted", fileName);
    const xls = includesUtf16(bytes, "Workbook") || includesUtf16(bytes, "Book");
    throw readError("not_xlsx", fileName, xls ? "xls" : "other");
  }
  throw readError("not_xlsx", fileName);
}

/** Another sheet already has a table named like a generated table (table names are workbook-wide). */
export class GeneratedTableConflictError extends Error {
  constructor(
    readonly table: string,
    readonly sheet: string,
  ) {
    super(
      `Tabellen ”${table}” finns redan på bladet ”${sheet}”, och Verksamhetsplan för Excel behöver det namnet för bladet Kontroll. Byt namn på tabellen och försök igen. Inget skrevs.`,
    );
    this.name = "GeneratedTableConflictError";
  }
}
