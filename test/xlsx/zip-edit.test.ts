/** src/xlsx/zip-edit.ts: unchanged entries are copied byte for byte, replaced ones deflated anew. */
import { deflateRawSync } from "node:zlib";
import { strFromU8, unzipSync, zipSync } from "fflate";
import { crc32, ZipEdit } from "../../src/xlsx/zip-edit";

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

/** A stored archive as LibreOffice writes them: deflated entries with data descriptors. */
function withDescriptors(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, "utf8");
    const compressed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x808, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(nameBytes.length, 26);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc32(data), 4);
    descriptor.writeUInt32LE(compressed.length, 8);
    descriptor.writeUInt32LE(data.length, 12);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x808, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, compressed, descriptor);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + compressed.length + 16;
  }
  const size = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
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
      withDescriptors({ "a.xml": "<a/>".repeat(50), "b.xml": "<b/>", "c/å.xml": "<c/>" }),
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
