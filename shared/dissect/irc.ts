/**
 * IRC over TCP: Info is `Request` or `Response` followed by ` (command)` for each line. tshark 4.0's IRC dissector
 * knows nothing of STARTTLS (reply 670): it keeps reading the TLS bytes that follow as IRC lines, and so does this
 * one, so that the columns stay equal to tshark's.
 */
import { clearInfoOnce } from './context.ts';
import { declareFields } from './fields.ts';
import type { StreamProtocol, StreamResult } from './stream.ts';
import type { FieldNode } from './tree.ts';
import type { PacketContext } from './context.ts';
import { asciiColumnText, nextLine } from './text-line.ts';

export const IRC_PORTS = [6667];

const F = declareFields({
  irc: { name: 'Internet Relay Chat', type: 'protocol' },
  'irc.request': { name: 'Request', type: 'string' },
  'irc.response': { name: 'Response', type: 'string' },
  'irc.request.prefix': { name: 'Prefix', type: 'string' },
  'irc.response.prefix': { name: 'Prefix', type: 'string' },
  'irc.request.command': { name: 'Command', type: 'string' },
  'irc.response.command': { name: 'Command', type: 'string' },
});

function find(b: Uint8Array, o: number, end: number, c: number): number {
  for (let i = o; i < end; i++) if (b[i] === c) return i;
  return -1;
}

/** One line: optional `:prefix `, then the command, which goes to Info. */
function dissectLine(
  b: Uint8Array,
  o: number,
  end: number,
  pkt: PacketContext,
  root: FieldNode,
  request: boolean,
): void {
  const t = pkt.tree;
  const node = t.add(root, request ? F['irc.request'] : F['irc.response'], o, end - o, asciiColumnText(b, o, end));
  if (b[o] === 0x3a) {
    const eop = find(b, o + 1, end, 0x20);
    if (eop < 0) return;
    t.add(
      node,
      request ? F['irc.request.prefix'] : F['irc.response.prefix'],
      o + 1,
      eop - o - 1,
      asciiColumnText(b, o + 1, eop),
    );
    o = eop + 1;
  }
  while (o < end && b[o] === 0x20) o++;
  if (o === end) return;
  const eoc = find(b, o, end, 0x20);
  const cmdEnd = eoc < 0 ? end : eoc;
  const cmd = asciiColumnText(b, o, cmdEnd);
  t.add(node, request ? F['irc.request.command'] : F['irc.response.command'], o, cmdEnd - o, cmd);
  pkt.cols.info += ` (${cmd})`;
}

export const ircStream: StreamProtocol = {
  name: 'irc',
  dissect: (b, offset, length, pkt, parent, info): StreamResult => {
    const request = IRC_PORTS.includes(info.dstPort);
    const end = offset + length;
    pkt.cols.protocol = 'IRC';
    clearInfoOnce(pkt);
    pkt.cols.info += request ? 'Request' : 'Response';
    pkt.protocols.push('irc');
    const root = pkt.tree.add(parent, F.irc, offset, length, undefined);
    let o = offset;
    while (o < end) {
      const l = nextLine(b, o, end, false)!;
      if (l.end > l.start) dissectLine(b, l.start, l.end, pkt, root, request);
      o = l.next;
    }
    return { consumed: length, needMore: 0 };
  },
};
