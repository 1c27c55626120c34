/** pcapng files: sections in either byte order, interfaces with their own link type and time resolution. */
import type { ByteSource } from './source.ts';
import { normalizeLinkType, type CaptureProblem, type PacketRecord } from './record.ts';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BT_IDB = 1;
const BT_PB = 2;
const BT_SPB = 3;
const BT_EPB = 6;
const BT_DSB = 0x0a;
const MAX_BLOCK = 256 * 1024 * 1024;

export interface PcapngInterface {
  linkType: number;
  snaplen: number;
  /** Timestamp units per second. */
  unitsPerSec: bigint;
  tsOffsetSec: bigint;
  name: string;
}

/** Receives the Decryption Secrets Blocks of pcapng files as they are read (secrets type, secrets data). */
export type PcapngSecretsHandler = (secretsType: number, data: Uint8Array) => void;

let secretsHandler: PcapngSecretsHandler | undefined;

/** Installs the receiver of Decryption Secrets Blocks (TLS key logs, …); undefined skips them. */
export function setPcapngSecretsHandler(fn: PcapngSecretsHandler | undefined): void {
  secretsHandler = fn;
}

export function isPcapng(src: ByteSource): boolean {
  const h = src.read(0, 4);
  return h.length === 4 && h[0] === 0x0a && h[1] === 0x0d && h[2] === 0x0d && h[3] === 0x0a;
}

export class PcapngReader {
  private pos = 0;
  private le = true;
  private interfaces: PcapngInterface[] = [];
  problem: CaptureProblem | undefined;
  sections = 0;

  constructor(private readonly src: ByteSource) {}

  get interfaceList(): readonly PcapngInterface[] {
    return this.interfaces;
  }

  /** True when reading stopped at a block the file does not hold whole yet (a file still being written). */
  private cutShort = false;

  private fail(offset: number, message: string, cutShort = false): false {
    this.problem = { offset, message, fatal: true };
    this.cutShort = cutShort;
    return false;
  }

  /** After a file that is still being written has grown: forget a cut-short end and retry at the same block. */
  resume(): void {
    if (!this.cutShort) return;
    this.problem = undefined;
    this.cutShort = false;
  }

  next(rec: PacketRecord): boolean {
    for (;;) {
      if (this.problem?.fatal) return false;
      const size = this.src.size;
      if (this.pos >= size) return false;
      const start = this.pos;
      const h = this.src.read(start, 12);
      if (h.length < 8)
        return this.fail(
          start,
          `the capture file appears to have been cut short in a block header at offset ${start}`,
          true,
        );
      let dv = new DataView(h.buffer, h.byteOffset, h.length);
      const typeRaw = dv.getUint32(0, this.le);
      const isShb = dv.getUint32(0, false) === PCAPNG_SHB;
      if (isShb) {
        if (h.length < 12)
          return this.fail(
            start,
            `the capture file appears to have been cut short in a section header at offset ${start}`,
            true,
          );
        const magicLe = dv.getUint32(8, true);
        if (magicLe === BYTE_ORDER_MAGIC) this.le = true;
        else if (dv.getUint32(8, false) === BYTE_ORDER_MAGIC) this.le = false;
        else return this.fail(start + 8, `pcapng section header at offset ${start} has a bad byte-order magic`);
      }
      const blockLen = dv.getUint32(4, this.le);
      if (blockLen < 12 || blockLen % 4 !== 0 || blockLen > MAX_BLOCK)
        return this.fail(start + 4, `pcapng block at offset ${start} has an invalid length ${blockLen}`);
      if (start + blockLen > size)
        return this.fail(
          start,
          `the capture file appears to have been cut short in the middle of a block at offset ${start} (block needs ${blockLen} bytes, ${size - start} left)`,
          true,
        );
      const block = this.src.read(start, blockLen);
      dv = new DataView(block.buffer, block.byteOffset, blockLen);
      if (dv.getUint32(blockLen - 4, this.le) !== blockLen)
        return this.fail(
          start + blockLen - 4,
          `pcapng block at offset ${start}: trailing length does not match ${blockLen}`,
        );
      this.pos = start + blockLen;
      if (isShb) {
        this.sections++;
        this.interfaces = [];
        continue;
      }
      if (typeRaw === BT_IDB) {
        this.interfaces.push(this.parseIdb(block, dv, start));
        continue;
      }
      if (typeRaw === BT_EPB || typeRaw === BT_PB) {
        if (blockLen < 32) return this.fail(start, `packet block at offset ${start} is too short (${blockLen} bytes)`);
        const ifId = typeRaw === BT_EPB ? dv.getUint32(8, this.le) : dv.getUint16(8, this.le);
        const iface = this.interfaces[ifId];
        if (!iface)
          return this.fail(
            start + 8,
            `packet block at offset ${start} names interface ${ifId}, which was not described`,
          );
        const hi = dv.getUint32(12, this.le);
        const lo = dv.getUint32(16, this.le);
        const caplen = dv.getUint32(20, this.le);
        const origlen = dv.getUint32(24, this.le);
        if (28 + caplen > blockLen - 4)
          return this.fail(start + 20, `packet block at offset ${start}: captured length ${caplen} exceeds the block`);
        this.fillTime(rec, iface, (BigInt(hi) << 32n) | BigInt(lo));
        rec.caplen = caplen;
        rec.origlen = origlen;
        rec.dataOffset = start + 28;
        rec.linkType = iface.linkType;
        rec.interfaceId = ifId;
        return true;
      }
      if (typeRaw === BT_SPB) {
        const iface = this.interfaces[0];
        if (!iface)
          return this.fail(start, `simple packet block at offset ${start} comes before any interface description`);
        const origlen = dv.getUint32(8, this.le);
        let caplen = Math.min(origlen, blockLen - 16);
        if (iface.snaplen > 0) caplen = Math.min(caplen, iface.snaplen);
        rec.tsSec = 0;
        rec.tsNsec = 0;
        rec.caplen = caplen;
        rec.origlen = origlen;
        rec.dataOffset = start + 12;
        rec.linkType = iface.linkType;
        rec.interfaceId = 0;
        return true;
      }
      if (typeRaw === BT_DSB && secretsHandler && blockLen >= 20) {
        const type = dv.getUint32(8, this.le);
        const len = dv.getUint32(12, this.le);
        if (16 + len <= blockLen - 4) secretsHandler(type, block.slice(16, 16 + len));
        continue;
      }
      // NRB, ISB, custom and unknown blocks carry no packets: skip them.
    }
  }

  private fillTime(rec: PacketRecord, iface: PcapngInterface, ts: bigint): void {
    const sec = ts / iface.unitsPerSec;
    const rem = ts % iface.unitsPerSec;
    rec.tsSec = Number(sec + iface.tsOffsetSec);
    rec.tsNsec = Number((rem * 1_000_000_000n) / iface.unitsPerSec);
  }

  private parseIdb(block: Uint8Array, dv: DataView, start: number): PcapngInterface {
    const iface: PcapngInterface = {
      linkType: normalizeLinkType(dv.getUint16(8, this.le)),
      snaplen: dv.getUint32(12, this.le),
      unitsPerSec: 1_000_000n,
      tsOffsetSec: 0n,
      name: '',
    };
    let o = 16;
    const end = block.length - 4;
    while (o + 4 <= end) {
      const code = dv.getUint16(o, this.le);
      const len = dv.getUint16(o + 2, this.le);
      const vo = o + 4;
      if (code === 0 || vo + len > end) break;
      if (code === 2) iface.name = new TextDecoder().decode(block.subarray(vo, vo + len));
      else if (code === 9 && len >= 1) {
        const r = block[vo]!;
        iface.unitsPerSec = r & 0x80 ? 1n << BigInt(r & 0x7f) : 10n ** BigInt(r & 0x7f);
        if (iface.unitsPerSec === 0n) iface.unitsPerSec = 1_000_000n;
      } else if (code === 14 && len >= 8) iface.tsOffsetSec = dv.getBigInt64(vo, this.le);
      o = vo + ((len + 3) & ~3);
    }
    void start;
    return iface;
  }
}
