/** tshark's packet-details text (-V, -O) and hex dump (-x), printed from the packet's one field tree. */
import type { DissectedPacket } from '../../shared/dissect/packet.ts';
import type { FieldNode } from '../../shared/dissect/tree.ts';

/** tshark indents each level of the details by four spaces. */
const INDENT = '    ';

/** Which protocols -V / -O show expanded: all of them, or only those named (the others keep their top line). */
export type DetailScope = { all: true } | { all: false; expanded: ReadonlySet<string> };

/** Fields tshark 4.0 doesn't have yet (JA4 came with Wireshark 4.2). */
const NOT_IN_TSHARK_4_0 = new Set(['tls.handshake.ja4', 'tls.handshake.ja4_r']);

/**
 * Wirelens' own additions that tshark 4.0 doesn't have (JA4, and the weak-crypto warnings: an expert item carrying a
 * `tls.insight.*` field) stay out of tshark's text, so -V/-O print what tshark prints; the app and filters keep them.
 */
function wirelensAddition(n: FieldNode): boolean {
  const name = n.def?.abbrev;
  if (name === undefined) return false;
  if (NOT_IN_TSHARK_4_0.has(name)) return true;
  return name === '_ws.expert' && !!n.children?.some((c) => c.def?.abbrev.startsWith('tls.insight.'));
}

function printNode(n: FieldNode, depth: number, expand: boolean, out: string[]): void {
  if (n.hidden || wirelensAddition(n)) return;
  out.push(INDENT.repeat(depth) + n.label);
  if (!expand || !n.children) return;
  for (const c of n.children) printNode(c, depth + 1, true, out);
}

/** The details of one packet as lines (without the blank line that follows each packet). */
export function detailLines(p: DissectedPacket, scope: DetailScope): string[] {
  const out: string[] = [];
  for (const root of p.tree.roots) {
    const expand = scope.all || (root.def !== undefined && scope.expanded.has(root.def.abbrev));
    printNode(root, 0, expand, out);
  }
  return out;
}

const HEX = '0123456789abcdef';

function hexByte(b: number): string {
  return HEX[b >> 4]! + HEX[b & 15]!;
}

/** One data source as tshark -x prints it: offset, 16 hex bytes, two spaces, their ASCII (others as '.'). */
export function hexDumpLines(bytes: Uint8Array): string[] {
  const out: string[] = [];
  const width = bytes.length > 0xffff ? 8 : 4;
  for (let off = 0; off < bytes.length; off += 16) {
    const end = Math.min(off + 16, bytes.length);
    let hex = '';
    let ascii = '';
    for (let i = off; i < end; i++) {
      const b = bytes[i]!;
      hex += hexByte(b) + ' ';
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
    out.push(`${off.toString(16).padStart(width, '0')}  ${hex.padEnd(48)}  ${ascii}`);
  }
  return out;
}

/**
 * The -x dump of a packet: the frame alone without a heading, or, when dissection added data sources (reassembled,
 * decrypted, …), each source under its heading, blocks separated by a blank line.
 */
export function packetHexLines(p: DissectedPacket, frame: Uint8Array): string[] {
  const sources = p.tree.sources;
  if (!sources.length) return hexDumpLines(frame);
  const out: string[] = [`Frame (${frame.length} bytes):`, ...hexDumpLines(frame)];
  for (const s of sources) out.push(`${s.name}:`, ...hexDumpLines(s.bytes));
  return out;
}
