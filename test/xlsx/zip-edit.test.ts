/** src/xlsx/zip-edit.ts: unchanged entries are copied byte for byte, replaced ones deflated anew. */
import { strFromU8, unzipSync, zipSync } from "fflate";
import { ZipEdit } from "../../src/xlsx/zip-edit";
import { zip as writeZip } from "./zip";

/** The bytes of an entry's local record (header, data and any descriptor) in an archive. */
function localRecord(zip: Buffer, name: string): Buffer {
  for (
    let at = zip.indexOf("PK\x03\x04", 0, "latin1");
    at >= 0;
    at = zip.indexOf("PK\x03\x04", at + 4, "latin1")
  ) {
    const nameLength = zip.readUInt16LE(at + 26);
    if (zip.toString("utf8", at + 30, at + 30 + nameLength) !== name) continue;
    const next = zip.indexOf("PK\x03\x04", at + 4, "latin1");
    const central = zip.indexOf("PK\x01\x02", at + 4, "latin1");
    return zip.subarray(at, Math.min(...[next, central].filter((n) => n >= 0)));
  }
  throw new Error(name);
}

const texts = (zip: Buffer) =>
  Object.fromEntries(Object.entries(unzipSync(new Uint8Array(zip))).map(([n, d]) => [n, strFromU8(d)]));

describe("ZipEdit", () => {
  test.each([
    [
      "fflate (no descriptors)",
      Buffer.from(
        zipSync({
          "a.xml": Buffer.from("<a/>".repeat(50)),
          "b.xml": Buffer.from("<b/>"),
          "c/å.xml": Buffer.from("<c/>"),
        }),
      ),
    ],
    [
      "with data descriptors",
      writeZip({ "a.xml": "<a/>".repeat(50), "b.xml": "<b/>", "c/å.xml": "<c/>" }, { descriptors: true }),
    ],
  ])("%s: reads entries, replaces one, copies the others byte for byte", (_label, input) => {
    const zip = ZipEdit.open(input);
    expect(zip.names()).toEqual(["a.xml", "b.xml", "c/å.xml"]);
    expect(Buffer.from(zip.read("a.xml") ?? []).toString()).toBe("<a/>".repeat(50));
    zip.write("b.xml", Buffer.from("<b>ny</b>"));
    const output = zip.toBuffer();
    expect(texts(output)).toEqual({ "a.xml": "<a/>".repeat(50), "b.xml": "<b>ny</b>", "c/å.xml": "<c/>" });
    expect(output.includes(localRecord(input, "a.xml"))).toBe(true);
    expect(output.includes(localRecord(input, "c/å.xml"))).toBe(true);
    expect(output.includes(localRecord(input, "b.xml"))).toBe(false);
  });
});
