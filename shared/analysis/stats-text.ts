/** tshark 4.0's text for `-z conv,TYPE`, `-z endpoints,TYPE` and `-z io,phs`, from the conversation and hierarchy builders. */
import type { Conversation, ConversationKind, Endpoint } from './conversations.ts';
import type { HierarchyNode } from './protocol-hierarchy.ts';

const RULE = '='.repeat(80);
const PHS_RULE = '='.repeat(67);

const TITLES: Readonly<Record<ConversationKind, string>> = {
  eth: 'Ethernet',
  ip: 'IPv4',
  ipv6: 'IPv6',
  tcp: 'TCP',
  udp: 'UDP',
};

/** Wireshark's size format with SI prefixes: whole units, the prefix chosen once the value reaches 10 of it. */
export function formatSize(bytes: number): string {
  const prefixes = ['T', 'G', 'M', 'k'];
  for (let i = 0; i < prefixes.length; i++) {
    const scaled = Math.floor(bytes / 1000 ** (prefixes.length - i));
    if (scaled >= 10) return `${scaled} ${prefixes[i]}B`;
  }
  return `${bytes} bytes`;
}

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

function padStart(s: string, width: number): string {
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}

function endpointText(address: string, port: number): string {
  return port < 0 ? address : `${address}:${port}`;
}

/** Seconds between two frame.time_relative texts, with tshark's 4 decimals. */
function duration(start: string, end: string): string {
  return (Number(end) - Number(start)).toFixed(4);
}

/** The conversations table of `tshark -q -z conv,TYPE[,FILTER]`. */
export function conversationsText(kind: ConversationKind, list: readonly Conversation[], filter?: string): string {
  const width = kind === 'tcp' || kind === 'udp' ? 26 : 20;
  const lead = ' '.repeat(2 * width + 7);
  const lines = [
    RULE,
    `${TITLES[kind]} Conversations`,
    `Filter:${filter ?? '<No Filter>'}`,
    `${lead}|       <-      | |       ->      | |     Total     |    Relative    |   Duration   |`,
    `${lead}| Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |`,
  ];
  // Most frames first; ties keep the order conversations were first seen.
  const sorted = [...list].sort((x, y) => y.framesAtoB + y.framesBtoA - (x.framesAtoB + x.framesBtoA));
  for (const c of sorted) {
    const frames = c.framesAtoB + c.framesBtoA;
    const bytes = c.bytesAtoB + c.bytesBtoA;
    lines.push(
      `${pad(endpointText(c.addressA, c.portA), width)} <-> ${pad(endpointText(c.addressB, c.portB), width)}` +
        `  ${padStart(String(c.framesBtoA), 6)} ${pad(formatSize(c.bytesBtoA), 9)}` +
        `  ${padStart(String(c.framesAtoB), 6)} ${pad(formatSize(c.bytesAtoB), 9)}` +
        `  ${padStart(String(frames), 6)} ${pad(formatSize(bytes), 9)}` +
        `  ${padStart(c.start, 14)}   ${padStart(duration(c.start, c.end), 12)}`,
    );
  }
  lines.push(RULE);
  return lines.join('\n') + '\n';
}

/** Most frames first; ties keep the order the endpoints were first seen (Array.prototype.sort is stable). */
function byFramesDescending(list: readonly Endpoint[]): Endpoint[] {
  return [...list].sort((x, y) => y.txFrames + y.rxFrames - (x.txFrames + x.rxFrames));
}

/** The table of `tshark -q -z endpoints,TYPE[,FILTER]`: raw frame and byte counts, ports only for TCP and UDP. */
export function endpointsText(kind: ConversationKind, list: readonly Endpoint[], filter?: string): string {
  const withPort = kind === 'tcp' || kind === 'udp';
  const lines = [
    RULE,
    `${TITLES[kind]} Endpoints`,
    `Filter:${filter ?? '<No Filter>'}`,
    `                       |  ${withPort ? 'Port  ||  ' : ''}Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |`,
  ];
  for (const e of byFramesDescending(list)) {
    const frames = e.txFrames + e.rxFrames;
    if (frames === 0) continue;
    const port = withPort ? `${padStart(String(e.port), 5)}     ` : '';
    lines.push(
      `${pad(e.address, 20)}      ${port}${padStart(String(frames), 6)}     ${padStart(String(e.txBytes + e.rxBytes), 9)}` +
        `     ${padStart(String(e.txFrames), 6)}       ${padStart(String(e.txBytes), 9)}` +
        `      ${padStart(String(e.rxFrames), 6)}       ${padStart(String(e.rxBytes), 9)}   `,
    );
  }
  lines.push(RULE);
  return lines.join('\n') + '\n';
}

/** The table of `tshark -q -z io,phs[,FILTER]`. */
export function hierarchyText(roots: readonly HierarchyNode[], filter?: string): string {
  const lines = ['', PHS_RULE, 'Protocol Hierarchy Statistics', `Filter: ${filter ?? ''}`, ''];
  const visit = (nodes: readonly HierarchyNode[], depth: number): void => {
    for (const n of nodes) {
      lines.push(`${pad('  '.repeat(depth) + n.name, 40)} frames:${n.frames} bytes:${n.bytes}`);
      visit(n.children, depth + 1);
    }
  };
  visit(roots, 0);
  lines.push(PHS_RULE);
  return lines.join('\n') + '\n';
}
