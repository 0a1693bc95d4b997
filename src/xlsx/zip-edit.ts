/**
 * A ZIP archive opened for editing a few entries: entries are inflated only when read, and when
 * the archive is written again every entry that was not replaced is copied byte for byte (local
 * header, compressed data, data descriptor); replaced entries are deflated with Node's zlib.
 * Archives this reader does not handle (ZIP64, split archives) are read with fflate and written
 * with every entry deflated again.
 */
import { inflateRawSync, deflateRawSync } from "node:zlib";
import { unzipSync } from "fflate";

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const DESCRIPTOR = 0x08074b50;

interface Entry {
  readonly name: string;
  /** The entry as stored: its central directory record and the bytes of its local record. */
  readonly stored?: {
    readonly central: Buffer;
    readonly local: Buffer;
    readonly method: number;
    readonly dataStart: number;
    readonly compressedSize: number;
  };
  /** The content, when read or replaced. */
  data?: Uint8Array;
  replaced?: boolean;
}

let crcTable: Uint32Array | undefined;

export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = (crcTable[(crc ^ (data[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function parse(bytes: Buffer): Entry[] | undefined {
  const from = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.length - 22; i >= from; i--)
    if (bytes.readUInt32LE(i) === END) {
      end = i;
      break;
    }
  if (end < 0) return undefined;
  const count = bytes.readUInt16LE(end + 10);
  const size = bytes.readUInt32LE(end + 12);
  let at = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || at === 0xffffffff || bytes.readUInt16LE(end + 4) !== 0)
    return undefined;
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) return undefined;
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const offset = bytes.readUInt32LE(at + 42);
    const centralEnd = at + 46 + nameLength + extraLength + commentLength;
    const name = bytes.toString(flags & 0x800 ? "utf8" : "latin1", at + 46, at + 46 + nameLength);
    if (compressedSize === 0xffffffff || offset === 0xffffffff || flags & 1) return undefined;
    if (method !== 0 && method !== 8) return undefined;
    if (offset + 30 > bytes.length || bytes.readUInt32LE(offset) !== LOCAL) return undefined;
    const dataStart = offset + 30 + bytes.readUInt16LE(offset + 26) + bytes.readUInt16LE(offset + 28);
    let localEnd = dataStart + compressedSize;
    if (flags & 8)
      localEnd += localEnd + 4 <= bytes.length && bytes.readUInt32LE(localEnd) === DESCRIPTOR ? 16 : 12;
    if (localEnd > bytes.length) return undefined;
    entries.push({
      name,
      stored: {
        central: bytes.subarray(at, centralEnd),
        local: bytes.subarray(offset, localEnd),
        method,
        dataStart: dataStart - offset,
        compressedSize,
      },
    });
    at = centralEnd;
  }
  return entries;
}

export class ZipEdit {
  private constructor(private readonly entries: Entry[]) {}

  /** @throws when the bytes are not a ZIP archive. */
  static open(bytes: Buffer): ZipEdit {
    const parsed = parse(bytes);
    if (parsed) return new ZipEdit(parsed);
    return new ZipEdit(Object.entries(unzipSync(bytes)).map(([name, data]) => ({ name, data })));
  }

  names(): string[] {
    return this.entries.map((e) => e.name);
  }

  read(name: string): Uint8Array | undefined {
    const entry = this.entries.find((e) => e.name === name);
    if (!entry) return undefined;
    if (entry.data === undefined && entry.stored) {
      const { local, dataStart, compressedSize, method } = entry.stored;
      const raw = local.subarray(dataStart, dataStart + compressedSize);
      entry.data = method === 0 ? raw : inflateRawSync(raw);
    }
    return entry.data;
  }

  write(name: string, data: Uint8Array): void {
    const entry = this.entries.find((e) => e.name === name);
    if (entry) {
      entry.data = data;
      entry.replaced = true;
    } else this.entries.push({ name, data, replaced: true });
  }

  toBuffer(): Buffer {
    const locals: Buffer[] = [];
    const centrals: Buffer[] = [];
    let offset = 0;
    for (const entry of this.entries) {
      if (entry.stored && !entry.replaced) {
        const central = Buffer.from(entry.stored.central);
        central.writeUInt32LE(offset, 42);
        locals.push(entry.stored.local);
        centrals.push(central);
        offset += entry.stored.local.length;
        continue;
      }
      const data = entry.data ?? new Uint8Array(0);
      const compressed = deflateRawSync(data, { level: 6 });
      const name = Buffer.from(entry.name, "utf8");
      const crc = crc32(data);
      // The original's time stamp, else now in DOS format.
      const old = entry.stored?.central;
      const now = new Date();
      const time = old
        ? old.readUInt16LE(12)
        : (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1);
      const date = old
        ? old.readUInt16LE(14)
        : ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
      // The fields both headers share, from "version needed" to the name's length.
      const fields = Buffer.alloc(24);
      fields.writeUInt16LE(20, 0);
      fields.writeUInt16LE(0x800, 2);
      fields.writeUInt16LE(8, 4);
      fields.writeUInt16LE(time, 6);
      fields.writeUInt16LE(date, 8);
      fields.writeUInt32LE(crc, 10);
      fields.writeUInt32LE(compressed.length, 14);
      fields.writeUInt32LE(data.length, 18);
      fields.writeUInt16LE(name.length, 22);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(LOCAL, 0);
      fields.copy(local, 4);
      const central = Buffer.alloc(46);
      central.writeUInt32LE(CENTRAL, 0);
      central.writeUInt16LE(20, 4);
      fields.copy(central, 6);
      central.writeUInt32LE(offset, 42);
      locals.push(local, name, compressed);
      centrals.push(central, name);
      offset += local.length + name.length + compressed.length;
    }
    const centralSize = centrals.reduce((n, b) => n + b.length, 0);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(centralSize, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, ...centrals, end]);
  }
}
