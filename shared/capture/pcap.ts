/** Classic libpcap files: both byte orders, microsecond and nanosecond magic. */
import type { ByteSource } from './source.ts';
import { normalizeLinkType, type CaptureProblem, type PacketRecord } from './record.ts';

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
const MAX_RECORD = 256 * 1024 * 1024;

export interface PcapHeader {
  littleEndian: boolean;
  nanosecond: boolean;
  versionMajor: number;
  versionMinor: number;
  snaplen: number;
  linkType: number;
}

export function readPcapHeader(src: ByteSource): PcapHeader | string {
  const h = src.read(0, 24);
  if (h.length < 24) return `file is too short for a pcap header (${h.length} of 24 bytes)`;
  const dv = new DataView(h.buffer, h.byteOffset, 24);
  const be = dv.getUint32(0, false);
  const le = dv.getUint32(0, true);
  let littleEndian: boolean;
  let nanosecond: boolean;
  if (le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS) {
    littleEndian = true;
    nanosecond = le === PCAP_MAGIC_NS;
  } else if (be === PCAP_MAGIC_US || be === PCAP_MAGIC_NS) {
    littleEndian = false;
    nanosecond = be === PCAP_MAGIC_NS;
  } else return `not a pcap file: magic 0x${be.toString(16).padStart(8, '0')} at offset 0`;
  return {
    littleEndian,
    nanosecond,
    versionMajor: dv.getUint16(4, littleEndian),
    versionMinor: dv.getUint16(6, littleEndian),
    snaplen: dv.getUint32(16, littleEndian),
    linkType: normalizeLinkType(dv.getUint32(20, littleEndian) & 0x0fffffff),
  };
}

/** The 32-bit unsigned word at `at` of a record header (read by hand: no DataView per record). */
function word(h: Uint8Array, at: number, littleEndian: boolean): number {
  return littleEndian
    ? ((h[at + 3]! << 24) >>> 0) + ((h[at + 2]! << 16) | (h[at + 1]! << 8) | h[at]!)
    : ((h[at]! << 24) >>> 0) + ((h[at + 1]! << 16) | (h[at + 2]! << 8) | h[at + 3]!);
}

/** Sequential reader of pcap records; `next` fills a caller-owned record to avoid allocating per packet. */
export class PcapReader {
  private pos = 24;
  problem: CaptureProblem | undefined;

  constructor(
    private readonly src: ByteSource,
    readonly header: PcapHeader,
  ) {}

  next(rec: PacketRecord): boolean {
    if (this.problem?.fatal) return false;
    const size = this.src.size;
    if (this.pos >= size) return false;
    const h = this.src.read(this.pos, 16);
    if (h.length < 16) {
      this.problem = {
        offset: this.pos,
        fatal: true,
        message: `the capture file appears to have been cut short in the middle of a packet header at offset ${this.pos}`,
      };
      return false;
    }
    const le = this.header.littleEndian;
    const caplen = word(h, 8, le);
    const origlen = word(h, 12, le);
    if (caplen > MAX_RECORD) {
      this.problem = {
        offset: this.pos,
        fatal: true,
        message: `packet record at offset ${this.pos} has a captured length of ${caplen} bytes, larger than the maximum ${MAX_RECORD}`,
      };
      return false;
    }
    if (this.pos + 16 + caplen > size) {
      this.problem = {
        offset: this.pos,
        fatal: true,
        message: `the capture file appears to have been cut short in the middle of a packet at offset ${this.pos} (record needs ${caplen} bytes, ${size - this.pos - 16} left)`,
      };
      return false;
    }
    rec.tsSec = word(h, 0, le);
    const frac = word(h, 4, le);
    rec.tsNsec = this.header.nanosecond ? frac : frac * 1000;
    rec.caplen = caplen;
    rec.origlen = origlen;
    rec.dataOffset = this.pos + 16;
    rec.linkType = this.header.linkType;
    rec.interfaceId = 0;
    this.pos += 16 + caplen;
    return true;
  }
}
